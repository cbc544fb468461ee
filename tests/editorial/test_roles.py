"""The Editor and Publisher groups exist on a fresh database, and come back if missing."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from editorial.publication import Publishable

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


def test_the_roles_cover_every_publishable_model():
    publishable = [model._meta for model in apps.get_models() if issubclass(model, Publishable)]
    editor, publisher = permissions("Editor"), permissions("Publisher")

    assert {opts.model_name for opts in publishable} >= {"mission", "personnelreport", "casualty", "interestpoint"}
    for opts in publishable:
        assert {f"{action}_{opts.model_name}" for action in ("add", "change", "view")} <= editor
        assert {f"{action}_{opts.model_name}" for action in ("delete", "publish")} <= publisher


def test_migrate_adds_new_permissions_and_undoes_nothing_a_superuser_changed():
    editor = Group.objects.get(name="Editor")
    editor.permissions.add(Permission.objects.get(codename="view_user"))
    editor.permissions.remove(Permission.objects.get(codename="change_agreement"))
    # As if the permission were new: a model made publishable, say.
    Permission.objects.filter(codename="publish_update").delete()

    call_command("migrate", verbosity=0)

    assert "publish_update" in permissions("Publisher")
    assert "view_user" in permissions("Editor")
    assert "change_agreement" not in permissions("Editor")
