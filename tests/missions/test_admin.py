import pytest
from django.contrib import admin
from django.urls import reverse

from missions.models import Mission, feed_addresses
from tests.editorial.conftest import client_for
from tests.helpers import admin_form, make_mission, make_staff, mission_form

pytestmark = pytest.mark.django_db


def test_a_superuser_can_open_every_list_add_form_and_record(admin_client, admin_user, rf, demo):
    failures = []
    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        # Read-only records (the publication log) have no add form, by design.
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if obj := model.objects.first():
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        failures += [(url, status) for url in urls if (status := admin_client.get(url).status_code) != 200]
    assert failures == []
    assert len(admin.site._registry) >= 8


SOURCE = "UN troop and police contributors"
TWO_REPORTS = (
    {"as_of": "2016-06-30", "troops": "12000", "source": SOURCE},
    {"as_of": "2016-07-31", "troops": "12100", "police_total": "1800", "source": SOURCE},
)


def test_a_superuser_saves_a_mission_with_its_personnel_reports(admin_client):
    response = admin_client.post(reverse("admin:missions_mission_add"), mission_form(reports=TWO_REPORTS))

    assert response.status_code == 302
    mission = Mission.objects.get(acronym="UNMISS")
    reports = {r.as_of.isoformat(): (r.troops, r.police_total) for r in mission.personnel_reports.all()}
    assert reports == {"2016-06-30": (12000, None), "2016-07-31": (12100, 1800)}


def test_a_negative_count_in_the_admin_is_a_form_error_and_saves_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:missions_mission_add"), mission_form(reports=TWO_REPORTS, **{"personnel_reports-0-troops": "-3"})
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not Mission.objects.filter(acronym="UNMISS").exists()


def test_two_reports_on_one_date_are_a_form_error(admin_client):
    form = mission_form(reports=TWO_REPORTS, **{"personnel_reports-1-as_of": "2016-06-30"})
    response = admin_client.post(reverse("admin:missions_mission_add"), form)

    assert response.status_code == 200
    assert not Mission.objects.filter(acronym="UNMISS").exists()


def test_a_mission_with_content_cannot_be_deleted_by_accident(admin_client, demo):
    mission = Mission.objects.get(acronym="MINUSMA")
    response = admin_client.post(reverse("admin:missions_mission_delete", args=[mission.pk]), {"post": "yes"})

    assert "Cannot delete" in response.content.decode()
    assert Mission.objects.filter(acronym="MINUSMA").exists()


# --- The feeds of officials' posts: what the site fetches is for Publishers to decide -----------------

FEED = "https://mastodon.social/@Lacroix_UN.rss"
ELSEWHERE = "https://evil.example/feed.rss"


@pytest.fixture
def publisher_client(db):
    return client_for(make_staff("pat", group="Publisher"))


@pytest.fixture
def editor_client(db):
    return client_for(make_staff("erin", group="Editor"))


def change_url(mission):
    return reverse("admin:missions_mission_change", args=[mission.pk])


def test_a_publisher_sets_a_missions_feeds(publisher_client):
    mission = make_mission(status="draft")
    form = admin_form(publisher_client, change_url(mission))

    response = publisher_client.post(change_url(mission), form | {"update_feeds": f"{FEED}\n\n{ELSEWHERE}\n"})

    assert response.status_code == 302
    assert feed_addresses(Mission.objects.get().update_feeds) == [FEED, ELSEWHERE]


def test_a_feed_address_must_be_https(publisher_client):
    mission = make_mission(status="draft")
    form = admin_form(publisher_client, change_url(mission))

    response = publisher_client.post(change_url(mission), form | {"update_feeds": "http://example.org/feed.rss"})

    assert response.status_code == 200
    assert "“http://example.org/feed.rss” is not an https address." in response.content.decode()
    assert Mission.objects.get().update_feeds == ""


def test_an_editor_sees_a_missions_feeds_but_cannot_change_them(editor_client):
    mission = make_mission(status="draft", update_feeds=FEED)
    form = admin_form(editor_client, change_url(mission))

    response = editor_client.post(
        change_url(mission), form | {"update_feeds": ELSEWHERE, "name": "Renamed by the editor"}
    )

    assert "update_feeds" not in form
    assert FEED in editor_client.get(change_url(mission)).content.decode()
    assert response.status_code == 302
    mission = Mission.objects.get()
    assert mission.name == "Renamed by the editor"  # the rest of the form was saved
    assert mission.update_feeds == FEED


def test_an_editors_revert_leaves_a_missions_feeds_as_they_are(editor_client):
    mission = make_mission(status="draft", name="First name")
    mission.name, mission.update_feeds = "Second name", FEED
    mission.save()
    url = reverse("admin:missions_mission_simple_history", args=[mission.pk, mission.history.earliest().history_id])

    response = editor_client.post(url, admin_form(editor_client, url))

    assert response.status_code == 302
    mission = Mission.objects.get()
    assert mission.name == "First name"
    assert mission.update_feeds == FEED
