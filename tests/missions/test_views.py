import pytest

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
