"""Nothing reaches readers without a Publisher: an Editor's change to something public waits for review."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import Revision
from missions.models import InterestPoint, Mission, PersonnelReport
from tests.helpers import admin_form, make_casualty, make_event, make_mission
from timeline.models import Casualty, Event

pytestmark = pytest.mark.django_db

TIMELINE = "/missions/minusma/timeline/"
QUEUE = reverse("admin:editorial_revision_changelist")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def edit(client, obj, **changes):
    data = admin_form(client, change_url(obj))
    data.update(changes)
    response = client.post(change_url(obj), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def review(client, revision, **data):
    return client.post(reverse("admin:editorial_revision_change", args=[revision.pk]), data)


@pytest.fixture
def event(db):
    return make_event(make_mission(), title="Attack at Nampala", body="<p>Seventeen soldiers were killed.</p>")


def test_an_editors_change_to_a_published_event_waits_for_a_publisher(editor_client, client, event):
    edit(editor_client, event, title="Attack on the Nampala camp")

    event.refresh_from_db()
    assert event.title == "Attack at Nampala"
    assert "Attack at Nampala" in client.get(TIMELINE).content.decode()
    revision = Revision.objects.get()
    assert (revision.status, revision.created_by.username) == ("pending", "erin")
    assert revision.values["title"] == "Attack on the Nampala camp"


def test_the_editors_form_shows_their_waiting_change_and_says_readers_do_not_see_it(editor_client, event):
    edit(editor_client, event, title="Attack on the Nampala camp")

    page = editor_client.get(change_url(event)).content.decode()

    assert 'value="Attack on the Nampala camp"' in page
    assert "waits for review, and this form shows it" in page


def test_the_publisher_reviews_a_readable_diff_and_publishes(editor_client, publisher_client, client, event):
    edit(editor_client, event, body="<p>Seventeen <strong>Malian</strong> soldiers were killed at dawn.</p>")
    revision = Revision.objects.get()

    queue = publisher_client.get(QUEUE + "?status__exact=pending").content.decode()
    page = publisher_client.get(reverse("admin:editorial_revision_change", args=[revision.pk])).content.decode()
    response = review(publisher_client, revision, _publish="1", publish_at="", comment="")

    assert "Attack at Nampala" in queue and "erin" in queue
    assert "<ins>Malian</ins>" in page and "<ins>killed at dawn.</ins>" in page
    diff = page.split("What publishing changes")[1].split("</section>")[0]
    assert "<strong>Malian" not in diff and "&lt;strong" not in diff  # text, not HTML
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.body == "<p>Seventeen <strong>Malian</strong> soldiers were killed at dawn.</p>"
    assert "Malian" in client.get(TIMELINE).content.decode()
    assert Revision.objects.get().status == "published"


def test_a_rejection_carries_a_comment_the_editor_then_sees(editor_client, publisher_client, client, event):
    edit(editor_client, event, title="Nampala massacre")
    revision = Revision.objects.get()

    refused = review(publisher_client, revision, _reject="1", comment="")
    review(publisher_client, revision, _reject="1", comment="Keep the neutral wording of the UN report.")

    assert "Say why, so that the editor knows what to change." in refused.content.decode()
    assert Revision.objects.get().status == "rejected"
    assert Event.objects.get().title == "Attack at Nampala"
    page = editor_client.get(change_url(event)).content.decode()
    assert "was rejected by pat" in page and "Keep the neutral wording of the UN report." in page


def test_a_change_scheduled_by_a_publisher_goes_live_at_its_time_without_a_scheduler(
    editor_client, publisher_client, client, event
):
    edit(editor_client, event, title="Attack on the Nampala camp")
    revision = Revision.objects.get()
    due = datetime.now(UTC) + timedelta(days=1)

    review(publisher_client, revision, _publish="1", publish_at=due.strftime("%Y-%m-%d %H:%M"))
    cache.clear()  # as for a process started after the schedule was set

    assert Revision.objects.get().status == "scheduled"
    assert "Attack at Nampala" in client.get(TIMELINE).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=due + timedelta(minutes=1)):
        page = client.get(TIMELINE).content.decode()
    assert "Attack on the Nampala camp" in page
    assert Revision.objects.get().status == "published"


def test_a_revision_whose_item_changed_meanwhile_is_refused_with_what_changed(editor_client, publisher_client, event):
    edit(editor_client, event, title="Attack on the Nampala camp")
    Event.objects.filter(pk=event.pk).update(place="Nampala, Ségou region")  # an import, say

    response = review(publisher_client, Revision.objects.get(), _publish="1")

    page = response.content.decode()
    assert response.status_code == 200
    assert "The item changed after this revision was written" in page
    assert "Nampala, Ségou region" in page
    assert Event.objects.get().title == "Attack at Nampala"
    assert Revision.objects.get().status == "pending"


def test_editors_cannot_decide_and_publishers_see_the_count_on_the_admin_home(editor_client, publisher_client, event):
    edit(editor_client, event, title="Attack on the Nampala camp")
    revision = Revision.objects.get()

    assert review(editor_client, revision, _publish="1").status_code == 403
    assert "1 change waits for your review." in publisher_client.get(reverse("admin:index")).content.decode()
    assert "waits for your review" not in editor_client.get(reverse("admin:index")).content.decode()
    assert Event.objects.get().title == "Attack at Nampala"


def test_what_an_editor_adds_starts_unpublished_and_is_public_once_published(editor_client, publisher_client, client):
    mission = make_mission()
    data = admin_form(editor_client, change_url(mission))
    data.update(
        {
            "personnel_reports-TOTAL_FORMS": "1",
            "personnel_reports-0-as_of": "2016-08-31",
            "personnel_reports-0-troops": "11111",
            "personnel_reports-0-source": "UN",
            "personnel_reports-0-source_kind": "hand",  # the select's first choice, as a browser sends it
            "interest_points-TOTAL_FORMS": "1",
            "interest_points-0-title": "A new point",
            "interest_points-0-body": "<p>Why.</p>",
            "interest_points-0-position": "9",
        }
    )
    data.pop("_continue", None)
    assert editor_client.post(change_url(mission), {**data, "_submit_review": "1"}).status_code == 302
    event = make_event(mission, status="published")
    event_form = admin_form(editor_client, change_url(event))
    event_form.update(
        {
            "casualties-TOTAL_FORMS": "1",
            "casualties-0-group": "civilians",
            "casualties-0-killed": "4242",
            "casualties-0-injured": "0",
        }
    )
    assert editor_client.post(change_url(event), event_form).status_code == 302

    assert {PersonnelReport.objects.get().status, InterestPoint.objects.get().status} == {"draft"}
    casualty = Casualty.objects.get(killed=4242)
    assert (casualty.status, casualty.date, casualty.mission) == ("draft", event.date, mission)  # the event's date
    page = client.get("/missions/minusma/").content.decode()
    assert "11,111" not in page and "A new point" not in page
    assert Revision.objects.filter(status="pending").count() == 2  # the report and the point, submitted

    for revision in Revision.objects.filter(status="pending"):
        assert review(publisher_client, revision, _publish="1").status_code == 302

    page = client.get("/missions/minusma/").content.decode()
    assert "11,111" in page and "A new point" in page


def test_a_publishers_own_save_publishes_at_once(publisher_client, client, event):
    edit(publisher_client, event, title="Attack on the Nampala camp")

    assert "Attack on the Nampala camp" in client.get(TIMELINE).content.decode()
    assert not Revision.objects.exists()


def test_a_mission_cannot_go_live_without_its_name_country_and_mandate(publisher_client):
    mission = make_mission(status="draft", mandate="")
    data = admin_form(publisher_client, change_url(mission))
    data["status"] = "published"

    response = publisher_client.post(change_url(mission), data)

    assert response.status_code == 200
    assert "MINUSMA cannot be published without its mandate." in response.content.decode()
    assert Mission.objects.get().status == "draft"


def test_a_mission_an_import_created_cannot_be_published_empty(publisher_client):
    make_mission(acronym="UNMISS", name="UNMISS", country="", mandate="", status="draft")
    changelist = reverse("admin:missions_mission_changelist")

    response = publisher_client.post(
        changelist, {"action": "publish_now", "_selected_action": [Mission.objects.get().pk]}, follow=True
    )

    assert "UNMISS cannot be published without its full name, country and mandate." in response.content.decode()
    assert Mission.objects.get().status == "draft"


def test_the_add_form_offers_editors_to_submit_for_review(editor_client):
    page = editor_client.get(reverse("admin:missions_mission_add")).content.decode()
    assert 'name="_submit_review"' in page


def test_the_change_form_finds_the_waiting_changes_of_all_its_rows_at_once(editor_client, event):
    def queries():
        editor_client.get(change_url(event))  # what is kept between requests, kept
        with CaptureQueriesContext(connection) as captured:
            assert editor_client.get(change_url(event)).status_code == 200
        return len(captured)

    for _ in range(2):
        make_casualty(event.mission, event=event)
    two_rows = queries()
    for _ in range(6):
        make_casualty(event.mission, event=event)

    assert queries() == two_rows
