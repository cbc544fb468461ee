"""Two editors on one record: the second save is refused, says who changed what, and loses nothing."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse

from editorial.models import Revision
from missions.models import InterestPoint, Mission, PersonnelReport
from tests.helpers import admin_form, make_interest_point, make_mission, make_report, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor_client(client):
    client.force_login(make_staff("sam", group="Editor"))
    return client


@pytest.fixture
def mission(db):
    # A draft: editors save it as it is (a published one gets revisions for review, tested below).
    return make_mission(headquarters="Bamako", background="<p>Original background.</p>", status="draft")


def url(mission):
    return reverse("admin:missions_mission_change", args=[mission.pk])


def test_the_second_save_is_refused_and_keeps_what_the_second_editor_typed(
    editor_client, second_editor_client, mission
):
    first = admin_form(editor_client, url(mission))
    second = admin_form(second_editor_client, url(mission))

    first["background"] = "<p>Background rewritten by Erin.</p>"
    assert editor_client.post(url(mission), first).status_code == 302
    second["headquarters"] = "Gao (typed by Sam)"
    response = second_editor_client.post(url(mission), second)

    page = response.content.decode()
    assert response.status_code == 200
    assert "erin changed this mission after you opened it" in page
    assert "nothing you typed is lost" in page
    # What Erin changed, as plain text, before and after.
    assert "Original background." in page and "Background rewritten by Erin." in page
    # Sam's input is still in the form.
    assert 'value="Gao (typed by Sam)"' in page
    mission.refresh_from_db()
    assert (mission.headquarters, mission.background) == ("Bamako", "<p>Background rewritten by Erin.</p>")


def test_saving_again_after_reading_the_changes_goes_through(editor_client, second_editor_client, mission):
    first = admin_form(editor_client, url(mission))
    second = admin_form(second_editor_client, url(mission))
    first["background"] = "<p>Background rewritten by Erin.</p>"
    editor_client.post(url(mission), first)
    second["headquarters"] = "Gao"
    refused = second_editor_client.post(url(mission), second)

    # The refused page carries a form for the record as it is now; Sam merges Erin's text and saves.
    again = {**second, "_edit_token": refused.context["edit_token"]}
    again["background"] = "<p>Background rewritten by Erin.</p>"
    response = second_editor_client.post(url(mission), again)

    assert response.status_code == 302
    mission.refresh_from_db()
    assert (mission.headquarters, mission.background) == ("Gao", "<p>Background rewritten by Erin.</p>")


def test_a_change_to_an_inline_row_is_a_conflict_too(editor_client, second_editor_client, mission):
    make_interest_point(mission, title="Counter-terrorism", body="<p>Old point.</p>", status="draft")
    second = admin_form(second_editor_client, url(mission))
    first = admin_form(editor_client, url(mission))
    first["interest_points-0-body"] = "<p>New point by Erin.</p>"
    editor_client.post(url(mission), first)

    response = second_editor_client.post(url(mission), second)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Interest point “Counter-terrorism”: changed by erin" in page
    assert InterestPoint.objects.get().body == "<p>New point by Erin.</p>"


def test_a_change_made_by_an_import_meanwhile_is_caught(second_editor_client, mission):
    make_report(mission, "2016-06-30", troops=10000)
    second = admin_form(second_editor_client, url(mission))
    # An import writes in bulk: no history, no signal.
    PersonnelReport.objects.update(troops=10207)

    response = second_editor_client.post(url(mission), second)

    assert response.status_code == 200
    assert "changed after you opened it, by an import or another program" in response.content.decode()
    assert PersonnelReport.objects.get().troops == 10207


def test_no_refusal_when_nobody_else_saved(editor_client, mission):
    data = admin_form(editor_client, url(mission))
    data["headquarters"] = "Gao"

    assert editor_client.post(url(mission), data).status_code == 302
    assert Mission.objects.get().headquarters == "Gao"


def test_a_validation_error_keeps_the_original_token_so_a_later_change_is_still_caught(
    editor_client, second_editor_client, mission
):
    second = admin_form(second_editor_client, url(mission))
    second["name"] = ""  # a mistake: required
    first_error = second_editor_client.post(url(mission), second)
    first = admin_form(editor_client, url(mission))
    first["headquarters"] = "Kidal"
    editor_client.post(url(mission), first)

    retry = {**second, "name": "Mission MINUSMA", "_edit_token": first_error.context["edit_token"]}
    response = second_editor_client.post(url(mission), retry)

    assert response.status_code == 200
    assert "erin changed this mission" in response.content.decode()
    assert Mission.objects.get().headquarters == "Kidal"


def test_two_editors_on_a_published_mission_cannot_overwrite_each_others_proposed_change(
    editor_client, second_editor_client, mission
):
    Mission.objects.filter(pk=mission.pk).update(status="published")
    first = admin_form(editor_client, url(mission))
    second = admin_form(second_editor_client, url(mission))
    first["background"] = "<p>Background rewritten by Erin.</p>"
    assert editor_client.post(url(mission), first).status_code == 302
    second["headquarters"] = "Gao (typed by Sam)"

    response = second_editor_client.post(url(mission), second)

    page = response.content.decode()
    assert response.status_code == 200
    assert "change proposed for review by erin" in page
    assert "Background rewritten by Erin." in page
    assert 'value="Gao (typed by Sam)"' in page
    revision = Revision.objects.get()
    assert revision.values["background"] == "<p>Background rewritten by Erin.</p>"
    assert revision.values["headquarters"] == "Bamako"
    assert Mission.objects.get().background == "<p>Original background.</p>"  # readers still see this


def test_a_form_sent_without_its_token_is_refused_and_shown_again(editor_client, mission):
    data = admin_form(editor_client, url(mission))
    del data["_edit_token"]
    data["headquarters"] = "Gao (typed)"

    response = editor_client.post(url(mission), data)

    assert response.status_code == 200
    assert "sent without the mark that says which version it was opened on" in response.content.decode()
    assert 'value="Gao (typed)"' in response.content.decode()
    assert Mission.objects.get().headquarters == "Bamako"


def test_a_save_that_meets_a_locked_database_keeps_what_was_typed(editor_client, mission):
    """During a long import SQLite may refuse a write with "database is locked": the editor gets the form back."""
    data = admin_form(editor_client, url(mission))
    data["headquarters"] = "Gao (typed while an import ran)"
    locked = OperationalError("database is locked")

    with mock.patch("django.contrib.admin.ModelAdmin.save_model", side_effect=locked):
        response = editor_client.post(url(mission), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "The database is busy" in page and "nothing was saved" in page
    assert 'value="Gao (typed while an import ran)"' in page
    assert Mission.objects.get().headquarters == "Bamako"
