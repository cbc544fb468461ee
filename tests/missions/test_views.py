import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from missions.models import Mission
from tests.helpers import make_mission

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_published_missions_with_their_counters(client, demo):
    make_mission(acronym="SECRET", status="draft")

    page = client.get("/").content.decode()

    assert "MINUSMA" in page and "MINUSCA" in page
    assert "SECRET" not in page
    assert "10,358" in page


def test_a_draft_mission_page_is_not_found(client):
    make_mission(acronym="SECRET", status="draft")
    assert client.get("/missions/secret/").status_code == 404


def test_the_mission_page_shows_its_counters(client, demo):
    page = client.get("/missions/minusma/").content.decode()
    assert "10,358" in page
    assert "1,295" in page


def nav(client, path):
    """The acronyms the navigation of a page lists."""
    html = client.get(path).content.decode()
    return re.findall(r'<li><a href="/missions/\w+/" title="[^"]*"[^>]*>(\w+)</a></li>', html)


def test_the_navigation_is_kept_until_a_mission_is_published_or_taken_down(client, django_capture_on_commit_callbacks):
    make_mission(acronym="MINUSMA")
    assert nav(client, "/missions/minusma/") == ["MINUSMA"]

    with django_capture_on_commit_callbacks(execute=True):
        make_mission(acronym="MONUSCO")
    assert nav(client, "/missions/minusma/") == ["MINUSMA", "MONUSCO"]

    with django_capture_on_commit_callbacks(execute=True):
        Mission.objects.get(acronym="MONUSCO").delete()
    assert nav(client, "/missions/minusma/") == ["MINUSMA"]


def test_a_mission_scheduled_to_appear_joins_the_kept_navigation_at_its_time(client):
    make_mission(acronym="MINUSMA")
    make_mission(acronym="MONUSCO", publish_at=timezone.now() + timedelta(seconds=1))
    assert nav(client, "/missions/minusma/") == ["MINUSMA"]

    time.sleep(1.5)

    assert nav(client, "/missions/minusma/") == ["MINUSMA", "MONUSCO"]
