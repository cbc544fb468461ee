"""The Editor and Publisher groups exist on a fresh database, and come back if missing."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def permissions(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_editors_write_and_publishers_also_publish_delete_and_restore():
    editor, publisher = permissions("Editor"), permissions("Publisher")

    assert {"add_event", "change_event", "change_mission", "view_publicationrecord"} <= editor
    assert not any(code.startswith(("delete_", "publish_")) for code in editor)
    assert {"publish_mission", "publish_event", "publish_agreement", "publish_update", "delete_event"} <= publisher
    assert editor < publisher
    assert not any(code.endswith(("_user", "_group")) for code in publisher)  # people are a superuser's job


def test_a_missing_group_is_created_again_by_migrate_and_an_adjusted_one_is_left_alone():
    Group.objects.get(name="Editor").delete()
    Group.objects.get(name="Publisher").permissions.clear()

    call_command("migrate", verbosity=0)

    assert "change_event" in permissions("Editor")
    assert permissions("Publisher") == set()
