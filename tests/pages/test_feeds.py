"""Atom feeds: one per mission and one for the site, with RFC 4287's required elements and no drafts."""

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest

from missions.models import Update
from tests.helpers import make_event, make_mission
from timeline.models import Event

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def read_feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def required(element):
    """RFC 4287's required children of a feed or an entry: id, title, updated and a link to a page."""
    return {
        "id": element.findtext(f"{ATOM}id"),
        "title": element.findtext(f"{ATOM}title"),
        "updated": element.findtext(f"{ATOM}updated"),
        "link": element.find(f"{ATOM}link").get("href"),
    }


def entries(feed):
    return [required(entry) for entry in feed.findall(f"{ATOM}entry")]


def make_update(mission, text, **overrides):
    values = {"author": "Jean Doe", "posted_at": datetime(2016, 7, 20, 9, tzinfo=UTC), "status": "published"}
    return Update.objects.create(mission=mission, text=text, **values | overrides)


def test_a_mission_feed_is_atom_with_the_required_elements(client, demo):
    feed = read_feed(client, "/missions/minusma/feed/")

    assert feed.tag == f"{ATOM}feed"
    head = required(feed)
    assert head["id"] == "http://127.0.0.1:8000/missions/minusma/feed/"
    assert head["title"] == "MINUSMA: events and updates"
    assert head["link"] == "http://127.0.0.1:8000/missions/minusma/"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "Peacekeeping Briefings"
    assert len(entries(feed)) > 10
    for entry in entries(feed):
        assert all(entry.values()), entry
        assert entry["title"].startswith("MINUSMA: "), entry
    ids = [entry["id"] for entry in entries(feed)]
    assert len(set(ids)) == len(ids)


def test_a_mission_feed_lists_its_events_and_updates_newest_first(client, demo):
    nampala = Event.objects.get(title__contains="Nampala")
    make_update(nampala.mission, "Patrols resumed in Gao today.", posted_at=datetime(2016, 7, 21, tzinfo=UTC))

    found = entries(read_feed(client, "/missions/minusma/feed/"))
    titles = [entry["title"] for entry in found]

    assert [entry["updated"] for entry in found] == sorted((entry["updated"] for entry in found), reverse=True)
    assert "MINUSMA: Jean Doe: Patrols resumed in Gao today." in titles
    assert "MINUSMA: Islamist militants attack the army base at Nampala" in titles
    assert titles.index("MINUSMA: Jean Doe: Patrols resumed in Gao today.") < titles.index(
        "MINUSMA: Islamist militants attack the army base at Nampala"
    )
    event = next(entry for entry in found if "Nampala" in entry["title"])
    assert event["link"] == f"http://127.0.0.1:8000/missions/minusma/timeline/#event-{nampala.pk}"
    assert event["updated"] == "2016-07-19T00:00:00+00:00"
    assert not any(title.startswith("MINUSCA") for title in titles)


def test_feeds_never_show_a_draft(client):
    mission = make_mission()
    make_event(mission, title="Published event at Kidal")
    make_event(mission, title="Draft event at Gao", status="draft")
    make_update(mission, "Patrols resumed in Gao today.")
    make_update(mission, "Draft post about Menaka.", status="draft")
    hidden = make_mission(acronym="SECRETMISSION", status="draft")
    make_event(hidden, title="Event of a draft mission")
    make_update(hidden, "Post of a draft mission.")

    for path in ("/missions/minusma/feed/", "/feed/"):
        titles = " ".join(entry["title"] for entry in entries(read_feed(client, path)))
        assert "Published event at Kidal" in titles
        assert "Patrols resumed in Gao today." in titles
        for text in ("Draft", "draft mission", "SECRETMISSION"):
            assert text not in titles, (path, text)
    assert client.get("/missions/secretmission/feed/").status_code == 404


def test_the_site_feed_has_every_missions_entries(client, demo):
    feed = read_feed(client, "/feed/")
    titles = [entry["title"] for entry in entries(feed)]

    assert required(feed)["id"] == "http://127.0.0.1:8000/feed/"
    assert required(feed)["title"] == "Peacekeeping Briefings: events and updates"
    assert any(title.startswith("MINUSMA: ") for title in titles)
    assert any(title.startswith("MINUSCA: ") for title in titles)


def test_a_post_is_text_in_the_feed_not_markup(client):
    mission = make_mission()
    make_update(mission, "<b>bold</b> & plain", url="javascript:alert(1)")

    entry = read_feed(client, "/feed/").find(f"{ATOM}entry")

    assert entry.findtext(f"{ATOM}summary") == "&lt;b&gt;bold&lt;/b&gt; &amp; plain"
    assert entry.find(f"{ATOM}link").get("href").startswith("http://127.0.0.1:8000/missions/minusma/#update-")


def test_the_french_feeds_are_in_french(client, demo):
    feed = read_feed(client, "/fr/missions/minusma/feed/")
    event = next(entry for entry in feed.findall(f"{ATOM}entry") if "Nampala" in entry.findtext(f"{ATOM}title"))

    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert required(feed)["title"] == "MINUSMA\u00a0: événements et actualités"
    assert required(feed)["link"] == "http://127.0.0.1:8000/fr/missions/minusma/"
    assert required(event)["link"].startswith("http://127.0.0.1:8000/fr/missions/minusma/timeline/#event-")
    assert event.find(f"{ATOM}category").get("term") == "Attaque"
    assert required(read_feed(client, "/fr/feed/"))["title"].endswith("\u00a0: événements et actualités")


def test_pages_announce_their_feeds(client, demo):
    site_feed = '<link rel="alternate" type="application/atom+xml" href="/feed/"'
    mission_feed = '<link rel="alternate" type="application/atom+xml" href="/missions/minusma/feed/"'
    for path in ("/missions/minusma/", "/missions/minusma/timeline/", "/missions/minusma/casualties/"):
        html = client.get(path).content.decode()
        assert site_feed in html and mission_feed in html, path
    home = client.get("/").content.decode()
    assert site_feed in home and mission_feed not in home
    assert '<link rel="alternate" type="application/atom+xml" href="/fr/missions/minusma/feed/"' in (
        client.get("/fr/missions/minusma/").content.decode()
    )


def test_an_event_known_to_the_month_is_dated_to_its_first_day(client):
    make_event(make_mission(), title="Takeover", date=date(2012, 6, 1), date_precision="month")

    assert required(read_feed(client, "/feed/").find(f"{ATOM}entry"))["updated"] == "2012-06-01T00:00:00+00:00"
