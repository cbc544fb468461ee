"""Pages kept for readers: served without a query, compressed, revalidated, and dropped the moment content changes."""

import gzip
import time
from datetime import timedelta

import brotli
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial import revisions
from editorial.models import Revision
from tests.editorial.conftest import client_for
from tests.helpers import admin_form, make_event, make_mission, make_staff
from tests.imports.conftest import FILES
from tests.test_query_budgets import PAGES
from timeline.models import Event

pytestmark = pytest.mark.django_db

TIMELINE = "/missions/minusma/timeline/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Writes as they happen on a site: committed, so the content version changes."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


def get(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    return response, len(captured)


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_is_kept_and_served_again_without_a_query(client, path):
    mission = make_mission()
    make_event(mission, title="Attack at Nampala")

    first, _queries = get(client, path)
    again, queries = get(client, path)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert queries == 0
    assert again["ETag"] and again["Cache-Control"].startswith("public")


def test_a_revalidation_answers_304_without_a_query(client):
    make_mission()
    etag = client.get("/missions/minusma/")["ETag"]

    response, queries = get(client, "/missions/minusma/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert queries == 0


def test_kept_pages_are_compressed_for_readers_who_accept_it(client):
    make_mission()
    plain = client.get("/missions/minusma/").content

    br = client.get("/missions/minusma/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    gz = client.get("/missions/minusma/", HTTP_ACCEPT_ENCODING="gzip")

    assert br["Content-Encoding"] == "br" and brotli.decompress(br.content) == plain
    assert gz["Content-Encoding"] == "gzip" and gzip.decompress(gz.content) == plain
    assert "Accept-Encoding" in br["Vary"]
    assert len(br.content) < len(plain) / 3


def test_staff_never_get_or_fill_the_readers_pages(client):
    mission = make_mission()
    make_event(mission, title="Draft event at Gao", status="draft")
    staff = client_for(make_staff("erin", group="Editor"))

    staff_page = staff.get(TIMELINE)
    reader_page, queries = get(client, TIMELINE)

    assert "Draft event at Gao" in staff_page.content.decode()
    assert "no-store" in staff_page["Cache-Control"]
    assert queries > 0  # nothing kept from the staff request
    assert "Draft event at Gao" not in reader_page.content.decode()
    assert "Draft event at Gao" not in client.get(TIMELINE).content.decode()


def test_a_page_with_a_csrf_token_is_never_kept_or_compressed(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_ENCODING="br")

    assert "Content-Encoding" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_the_key_is_bounded_a_future_date_and_unknown_parameters_share_todays_page(client):
    make_mission()
    client.get("/missions/minusma/")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    next_year = (timezone.localdate() + timedelta(days=365)).isoformat()

    _first, _queries = get(client, f"/missions/minusma/?as_of={tomorrow}")
    _again, queries = get(client, f"/missions/minusma/?as_of={next_year}&utm_source=newsletter")

    assert queries == 0


def test_editing_deleting_and_publishing_reach_readers_at_once(client, committed):
    mission = make_mission()
    event = make_event(mission, title="Attack at Nampala")
    publisher_client = client_for(make_staff("pat", group="Publisher"))
    assert "Attack at Nampala" in client.get(TIMELINE).content.decode()

    url = reverse("admin:timeline_event_change", args=[event.pk])
    data = admin_form(publisher_client, url)
    committed(lambda: publisher_client.post(url, {**data, "title": "Attack on the Nampala camp"}))
    assert "Attack on the Nampala camp" in client.get(TIMELINE).content.decode()

    draft = make_event(mission, title="Ceasefire talks", status="draft")
    changelist = reverse("admin:timeline_event_changelist")
    committed(lambda: publisher_client.post(changelist, {"action": "publish_now", "_selected_action": [draft.pk]}))
    assert "Ceasefire talks" in client.get(TIMELINE).content.decode()

    selected = {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
    committed(lambda: publisher_client.post(changelist, selected))
    assert "Ceasefire talks" not in client.get(TIMELINE).content.decode()


def test_saving_and_deleting_drafts_keeps_the_readers_pages(client, committed):
    mission = make_mission()
    make_event(mission, title="Attack at Nampala")
    client.get(TIMELINE)

    draft = committed(lambda: make_event(mission, title="Ceasefire talks", status="draft"))
    draft.title = "Ceasefire talks in Algiers"
    committed(draft.save)
    committed(draft.delete)

    again, queries = get(client, TIMELINE)
    assert queries == 0
    assert "Attack at Nampala" in again.content.decode()


def test_taking_an_item_down_reaches_readers_at_once(client, committed):
    event = make_event(make_mission(), title="Attack at Nampala")
    client.get(TIMELINE)

    event.status = "draft"
    committed(event.save)

    assert "Attack at Nampala" not in client.get(TIMELINE).content.decode()


def test_a_published_revision_reaches_readers_at_once(client, committed):
    event = make_event(make_mission(), title="Attack at Nampala")
    editor, publisher = client_for(make_staff("erin", group="Editor")), client_for(make_staff("pat", group="Publisher"))
    url = reverse("admin:timeline_event_change", args=[event.pk])
    editor.post(url, {**admin_form(editor, url), "title": "Attack on the Nampala camp"})
    assert "Attack at Nampala" in client.get(TIMELINE).content.decode()

    review = reverse("admin:editorial_revision_change", args=[Revision.objects.get().pk])
    committed(lambda: publisher.post(review, {"_publish": "1"}))

    assert "Attack on the Nampala camp" in client.get(TIMELINE).content.decode()


def test_an_import_reaches_readers_at_once(client, committed):
    make_mission()
    before = client.get("/missions/minusma/casualties/").content.decode()

    committed(lambda: call_command("import_fatalities", str(FILES / "fatalities.csv"), verbosity=0))

    after = client.get("/missions/minusma/casualties/").content.decode()
    assert after != before


def test_a_scheduled_event_appears_at_its_time_though_the_page_is_kept(client):
    mission = make_mission()
    make_event(mission, title="Ceasefire signed", publish_at=timezone.now() + timedelta(seconds=2))

    assert "Ceasefire signed" not in client.get(TIMELINE).content.decode()  # kept until then, no longer
    time.sleep(2.5)

    assert "Ceasefire signed" in client.get(TIMELINE).content.decode()


def test_a_scheduled_revision_is_published_at_its_time_though_the_page_is_kept(client, committed):
    event = make_event(make_mission(), title="Attack at Nampala")
    event.title = "Attack on the Nampala camp"
    revision = committed(lambda: revisions.propose(event, user=None))
    publish_at = timezone.now() + timedelta(seconds=2)
    assert "Attack at Nampala" in client.get(TIMELINE).content.decode()

    committed(lambda: revisions.publish(revision, user=None, at=publish_at))
    assert "Attack at Nampala" in client.get(TIMELINE).content.decode()
    time.sleep(2.5)

    with_change = committed(lambda: client.get(TIMELINE))
    assert "Attack on the Nampala camp" in with_change.content.decode()
    assert Event.objects.get().title == "Attack on the Nampala camp"
