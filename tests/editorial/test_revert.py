"""Reverting to an earlier version follows the rules of a save: permission, review, conflicts, no resurrection."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from editorial.models import Revision
from missions.models import Mission
from tests.editorial.conftest import client_for
from tests.helpers import admin_form, make_casualty, make_mission
from timeline.models import Casualty

pytestmark = pytest.mark.django_db


def revert_url(obj, record):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.history_id])


@pytest.fixture
def mission(db):
    mission = make_mission(background="<p>First version.</p>")
    mission.background = "<p>Vandalised.</p>"
    mission.save()
    return mission


def first_version(obj):
    return obj.history.earliest()


def test_a_view_only_staff_user_cannot_revert(client, django_user_model, mission):
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_mission"))
    client.force_login(viewer)
    url = revert_url(mission, first_version(mission))

    page = client.get(url)
    response = client.post(url, {"_edit_token": page.context["edit_token"]})

    assert page.status_code == 200 and 'id="revert_form"' not in page.content.decode()
    assert response.status_code == 403
    assert Mission.objects.get().background == "<p>Vandalised.</p>"


def test_an_editors_revert_of_a_published_item_waits_for_review(editor_client, publisher_client, mission):
    url = revert_url(mission, first_version(mission))

    response = editor_client.post(url, admin_form(editor_client, url))

    assert response.status_code == 302
    assert Mission.objects.get().background == "<p>Vandalised.</p>"
    revision = Revision.objects.get()
    assert revision.values["background"] == "<p>First version.</p>"
    assert revision.note.startswith("Reverted to the version of ")

    review = reverse("admin:editorial_revision_change", args=[revision.pk])
    assert publisher_client.post(review, {"_publish": "1"}).status_code == 302
    assert Mission.objects.get().background == "<p>First version.</p>"
    assert mission.history.latest().history_change_reason.startswith("Reverted to the version of ")


def test_a_publishers_revert_applies_at_once_and_says_what_it_did(publisher_client, mission):
    url = revert_url(mission, first_version(mission))

    response = publisher_client.post(url, admin_form(publisher_client, url), follow=True)

    assert Mission.objects.get().background == "<p>First version.</p>"
    assert "Reverted to the version of" in response.content.decode()
    assert mission.history.latest().history_user.username == "pat"


def test_a_revert_without_its_token_is_refused(publisher_client, mission):
    url = revert_url(mission, first_version(mission))

    response = publisher_client.post(url, {})

    assert response.status_code == 200
    assert "sent without the mark" in response.content.decode()
    assert Mission.objects.get().background == "<p>Vandalised.</p>"


def test_a_stale_revert_is_refused(publisher_client, mission):
    url = revert_url(mission, first_version(mission))
    form = admin_form(publisher_client, url)
    Mission.objects.filter(pk=mission.pk).update(headquarters="Gao")  # someone else, meanwhile

    response = publisher_client.post(url, form)

    assert response.status_code == 200
    assert "changed after you opened it" in response.content.decode()
    assert Mission.objects.get().background == "<p>Vandalised.</p>"


def test_a_deleted_item_cannot_come_back_through_a_revert(publisher, mission):
    casualty = make_casualty(mission, casualty_id="UN-8642", killed=1)
    record = first_version(casualty)
    casualty.delete()
    client = client_for(publisher)

    assert client.get(revert_url(casualty, record)).status_code == 404
    assert client.post(revert_url(casualty, record), {"_edit_token": "x"}).status_code == 404
    assert not Casualty.objects.exists()
