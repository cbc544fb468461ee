"""The embed page: the counters alone, framable by any site, setting no cookie; the briefing offers its code."""

import html

import pytest
from django.contrib.auth import get_user_model

from tests.helpers import make_mission
from tests.security.conftest import csp_directives

pytestmark = pytest.mark.django_db


def test_the_embed_page_may_be_framed_and_sets_no_cookie(client, demo):
    response = client.get("/missions/minusma/embed/?as_of=2014-12-31")
    page = response.content.decode()

    assert response.status_code == 200
    assert csp_directives(response["Content-Security-Policy"])["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")
    assert '<span class="counter__number">8,461</span>' in page
    assert "As of 31 December 2014. Source:" in page
    assert '<a href="http://127.0.0.1:8000/missions/minusma/">The full briefing on Peacekeeping Briefings</a>' in page


def test_every_other_page_still_refuses_to_be_framed(client, demo):
    for path in ("/missions/minusma/", "/missions/minusma/timeline/", "/search/?q=Mali", "/"):
        response = client.get(path)
        assert csp_directives(response["Content-Security-Policy"])["frame-ancestors"] == ["'none'"], path
        assert response["X-Frame-Options"] == "DENY", path


def test_the_embed_shows_the_public_counters_even_to_staff(client):
    make_mission(acronym="SECRETMISSION", status="draft")
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.org", "pw"))

    assert client.get("/missions/secretmission/").status_code == 200  # staff preview
    assert client.get("/missions/secretmission/embed/").status_code == 404


def test_the_briefing_offers_the_code_to_copy(client, demo):
    page = client.get("/missions/minusma/").content.decode()
    french = client.get("/fr/missions/minusma/").content.decode()

    code = page.split('<textarea class="embed-code" id="embed-code" rows="3" readonly>', 1)[1].split("</textarea>")[0]
    assert html.unescape(code) == (
        '<iframe src="http://127.0.0.1:8000/missions/minusma/embed/" title="MINUSMA: personnel deployed" '
        'width="100%" height="260" loading="lazy"></iframe>'
    )
    assert "src=&quot;http://127.0.0.1:8000/fr/missions/minusma/embed/&quot;" in french


def test_the_code_keeps_a_quote_in_a_name_inside_its_attribute(client):
    make_mission(acronym='M"A', slug="ma")

    page = client.get("/missions/ma/").content.decode()

    assert "title=&quot;M&amp;quot;A: personnel deployed&quot;" in page
