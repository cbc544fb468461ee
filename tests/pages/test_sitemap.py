"""/sitemap.xml lists every published mission's pages in English and French; /robots.txt names it."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from missions.models import Mission
from tests.helpers import make_event, make_mission

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
SITE = "http://127.0.0.1:8000"


def read_sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    urls = {}
    for url in ET.fromstring(response.content).findall(f"{SITEMAP}url"):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        urls[url.findtext(f"{SITEMAP}loc")] = {"lastmod": url.findtext(f"{SITEMAP}lastmod"), "alternates": alternates}
    return urls


def test_the_sitemap_lists_both_missions_pages_in_both_languages(client, demo):
    urls = read_sitemap(client)

    expected = {
        f"{SITE}{prefix}/missions/{slug}/{page}"
        for prefix in ("", "/fr")
        for slug in ("minusma", "minusca")
        for page in ("", "timeline/", "casualties/")
    }
    assert set(urls) == expected
    assert urls[f"{SITE}/missions/minusma/timeline/"]["alternates"] == {
        "en": f"{SITE}/missions/minusma/timeline/",
        "fr": f"{SITE}/fr/missions/minusma/timeline/",
        "x-default": f"{SITE}/missions/minusma/timeline/",
    }
    assert all(url["lastmod"] for url in urls.values())
    for url in urls:
        assert client.get(url.removeprefix(SITE)).status_code == 200, url


def test_the_sitemap_lists_no_draft(client):
    make_mission(acronym="MINUSMA")
    make_mission(acronym="SECRETMISSION", status="draft")
    make_mission(acronym="SCHEDULEDMISSION", publish_at=timezone.now() + timedelta(days=1))

    urls = read_sitemap(client)

    assert len(urls) == 6
    assert {re.search(r"/missions/([^/]+)/", url)[1] for url in urls} == {"minusma"}


def test_lastmod_is_the_newest_change_to_the_mission_or_its_content(client):
    mission = make_mission()
    Mission.objects.filter(pk=mission.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert read_sitemap(client)[f"{SITE}/missions/minusma/"]["lastmod"] == "2020-01-01"

    make_event(mission, title="An event of 2012, recorded today", date=datetime(2012, 3, 22).date())

    today = timezone.now().date().isoformat()
    assert {url["lastmod"] for url in read_sitemap(client).values()} == {today}


def test_robots_txt_names_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {SITE}/sitemap.xml",
    ]
