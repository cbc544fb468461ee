"""Anonymous readers never see a draft or a scheduled item, on any public page, in any language."""

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from missions.models import Mission
from tests.security.conftest import HIDDEN_TEXTS, PUBLIC_TEXTS

pytestmark = pytest.mark.django_db

PUBLIC_NAMESPACES = ("pages",)


def public_routes():
    """(name, parameters) for every named route of the public apps, found in the URLconf."""
    routes = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name and namespace in PUBLIC_NAMESPACES:
                routes.append((f"{namespace}:{pattern.name}", set(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, None)
    return routes


def public_urls(mission):
    """Every public route reversed for `mission`, in every language: [(url, route name)]."""
    urls = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for name, parameters in public_routes():
                assert parameters <= {"slug"}, f"{name} takes {parameters}: teach this test to fill them in"
                urls.append((reverse(name, kwargs={"slug": mission.slug} if parameters else {}), name))
    return urls


def test_the_public_routes_are_found():
    names = {name for name, _ in public_routes()}
    assert {"pages:home", "pages:briefing"} <= names


def test_no_public_page_shows_a_draft_or_scheduled_item(client, missions):
    published, _draft = missions
    pages = {}
    for url, _name in public_urls(published):
        response = client.get(url)
        assert response.status_code == 200, url
        if response["Content-Type"].startswith("image/"):
            continue  # drawn pixels hold no text to look for (tests/pages/test_share.py checks the card)
        pages[url] = response.content.decode()

    leaks = [(url, text) for url, page in pages.items() for text in HIDDEN_TEXTS if text in page]
    assert leaks == []
    assert all("MINUSMA" in page for page in pages.values())
    everything = "".join(pages.values())
    assert [text for text in PUBLIC_TEXTS if text not in everything] == []


def test_every_page_of_a_draft_or_scheduled_mission_is_not_found(client, missions):
    _published, draft = missions
    scheduled = Mission.objects.get(acronym="SCHEDULEDMISSION")
    urls = [url for mission in (draft, scheduled) for url, _ in public_urls(mission) if mission.slug in url]

    assert len(urls) >= 2 * len(settings.LANGUAGES)
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)
