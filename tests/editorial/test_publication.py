"""Drafts, scheduled publishing and who may publish: what editors and readers see."""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.urls import reverse

from editorial.models import PublicationRecord
from missions.models import Mission
from tests.helpers import admin_form, make_event, make_mission
from timeline.models import Event

pytestmark = pytest.mark.django_db

DUE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TIMELINE = "/missions/minusma/timeline/"


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_a_scheduled_event_appears_exactly_when_due_without_any_scheduler(client):
    mission = make_mission()
    make_event(mission, title="Ceasefire talks open", publish_at=DUE)

    with at(DUE - timedelta(seconds=1)):
        assert "Ceasefire talks open" not in client.get(TIMELINE).content.decode()
    with at(DUE):
        assert "Ceasefire talks open" in client.get(TIMELINE).content.decode()


def test_an_item_with_a_take_down_time_disappears_then(client):
    mission = make_mission()
    make_event(mission, title="Embargoed statement", unpublish_at=DUE)

    with at(DUE - timedelta(seconds=1)):
        assert "Embargoed statement" in client.get(TIMELINE).content.decode()
    with at(DUE):
        assert "Embargoed statement" not in client.get(TIMELINE).content.decode()


def test_a_scheduled_mission_page_is_not_found_until_due(client):
    make_mission(publish_at=DUE)

    with at(DUE - timedelta(minutes=1)):
        assert client.get("/missions/minusma/").status_code == 404
    with at(DUE):
        assert client.get("/missions/minusma/").status_code == 200


def test_every_list_says_draft_scheduled_or_published(publisher_client):
    mission = make_mission()
    make_event(mission, title="Draft one", status="draft")
    make_event(mission, title="Later one", publish_at=DUE)
    make_event(mission, title="Live one")

    with at(DUE - timedelta(days=1)):
        page = publisher_client.get(reverse("admin:timeline_event_changelist")).content.decode()

    assert ">Draft</span>" in page
    assert "Scheduled for March 2, 2026, 9 a.m. (UTC)" in page
    assert ">Published</span>" in page
    for model in ("missions_mission", "missions_update", "timeline_agreement"):
        assert "Publication" in publisher_client.get(reverse(f"admin:{model}_changelist")).content.decode()


def test_the_publication_time_is_asked_in_the_sites_time_zone(publisher_client, settings):
    settings.TIME_ZONE = "Africa/Bamako"
    page = publisher_client.get(reverse("admin:timeline_event_add")).content.decode()

    assert "Times are in the site’s time zone, Africa/Bamako." in page


def test_an_editor_can_write_but_what_they_add_stays_a_draft(editor_client):
    mission = make_mission()
    data = admin_form(editor_client, reverse("admin:timeline_event_add"))
    data.update(
        mission=mission.pk,
        date="2016-07-19",
        date_precision="day",
        title="Attack at Nampala",
        category="attack",
        status="published",  # not on the editor's form: ignored
        **{"casualties-TOTAL_FORMS": "0"},
    )

    response = editor_client.post(reverse("admin:timeline_event_add"), data)

    assert response.status_code == 302
    assert Event.objects.get(title="Attack at Nampala").status == "draft"


def test_an_editor_cannot_publish_an_existing_item(editor_client):
    event = make_event(make_mission(), title="Still a draft", status="draft")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    page = editor_client.get(url).content.decode()
    data = admin_form(editor_client, url)
    data.update(status="published", title="Still a draft, edited")

    response = editor_client.post(url, data)

    assert "Only Publishers can publish" in page
    assert 'name="status"' not in page
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.status) == ("Still a draft, edited", "draft")


def test_an_editor_has_no_publish_action_and_cannot_use_it(editor_client):
    event = make_event(make_mission(), status="draft")
    changelist = reverse("admin:timeline_event_changelist")

    page = editor_client.get(changelist).content.decode()
    editor_client.post(changelist, {"action": "publish_now", "_selected_action": [event.pk]})

    assert "publish_now" not in page
    event.refresh_from_db()
    assert event.status == "draft"


def test_an_editor_cannot_delete(editor_client):
    event = make_event(make_mission())

    page = editor_client.get(reverse("admin:timeline_event_change", args=[event.pk])).content.decode()
    response = editor_client.post(reverse("admin:timeline_event_delete", args=[event.pk]), {"post": "yes"})

    assert "deletelink" not in page
    assert response.status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_publisher_publishes_and_the_log_says_who_and_when(publisher_client, publisher):
    mission = make_mission(status="draft")
    url = reverse("admin:missions_mission_change", args=[mission.pk])
    data = admin_form(publisher_client, url)
    data["status"] = "published"

    with at(DUE):
        response = publisher_client.post(url, data)
    log = publisher_client.get(reverse("admin:editorial_publicationrecord_changelist")).content.decode()

    assert response.status_code == 302
    assert Mission.objects.get().status == "published"
    record = PublicationRecord.objects.get()
    assert (record.user, record.action, record.at) == (publisher, "published", DUE)
    assert "pat" in log and "mission: MINUSMA" in log and "Published" in log


def test_the_log_records_unpublishing_and_scheduling(publisher_client):
    mission = make_mission()
    event = make_event(mission, status="draft")

    url = reverse("admin:timeline_event_change", args=[event.pk])
    data = admin_form(publisher_client, url)
    data.update({"status": "published", "publish_at_0": "2099-01-01", "publish_at_1": "10:00:00"})
    publisher_client.post(url, data)
    publisher_client.post(
        reverse("admin:missions_mission_changelist"), {"action": "unpublish", "_selected_action": [mission.pk]}
    )

    actions = list(
        PublicationRecord.objects.order_by("at", "pk").values_list("object_repr", "action", "user__username")
    )
    assert actions[-2:] == [(str(event), "scheduled", "pat"), ("MINUSMA", "unpublished", "pat")]
