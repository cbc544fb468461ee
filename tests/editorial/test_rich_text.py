"""Whatever path saves rich text, what reaches a page is sanitised against the one allowlist."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from missions.models import InterestPoint
from tests.helpers import admin_form, make_agreement, make_event, make_mission

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '<script>alert("XSS-script")</script>',
    '<img src="x" onerror="alert(\'XSS-onerror\')">',
    "<a href=\"javascript:alert('XSS-js')\">click me</a>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="color:red" onclick="alert(\'XSS-onclick\')">styled</p>',
    "<style>body{display:none}</style>",
    "<svg onload=\"alert('XSS-svg')\"></svg>",
    '<object data="https://evil.example/x.swf"></object>',
]
FORBIDDEN = ("XSS-", "javascript:", "data:text", "<iframe", "evil.example", "onclick", "onerror", "display:none")
PAYLOAD = "<p>Safe words.</p>" + "".join(PAYLOADS)


def pages(client, mission):
    urls = [
        mission.get_absolute_url(),
        reverse("timeline:events", kwargs={"slug": mission.slug}),
    ]
    return {url: client.get(url).content.decode() for url in urls}


def test_payloads_saved_from_the_shell_through_every_rich_text_field_never_reach_a_page(client):
    mission = make_mission(mandate=PAYLOAD, background=PAYLOAD, interests=PAYLOAD)
    InterestPoint.objects.create(mission=mission, title="A point", body=PAYLOAD)
    make_event(mission, body=PAYLOAD)
    make_agreement(mission, summary=PAYLOAD)

    rendered = pages(client, mission)

    leaks = [(url, text) for url, page in rendered.items() for text in FORBIDDEN if text in page]
    assert leaks == []
    # Six fields, each still showing its harmless text.
    assert sum(page.count("Safe words.") for page in rendered.values()) >= 6
    assert 'style="color:red"' not in "".join(rendered.values())


def test_external_links_open_safely():
    mission = make_mission(mandate='<p><a href="https://www.un.org/">UN</a></p>')

    page = Client().get(mission.get_absolute_url()).content.decode()

    assert '<a href="https://www.un.org/" rel="noopener noreferrer">UN</a>' in page


def test_rich_text_saved_in_the_admin_is_stored_sanitised(publisher_client):
    mission = make_mission()
    url = reverse("admin:missions_mission_change", args=[mission.pk])
    data = admin_form(publisher_client, url)
    data["mandate"] = '<h2>Tasks</h2><p><strong>Protect</strong> civilians<script>alert("XSS-script")</script></p>'

    response = publisher_client.post(url, data)

    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.mandate == "<h2>Tasks</h2><p><strong>Protect</strong> civilians</p>"


def test_the_admin_offers_the_editor_on_rich_text_fields_only(publisher_client):
    mission = make_mission()
    page = publisher_client.get(reverse("admin:missions_mission_change", args=[mission.pk])).content.decode()

    def tag(name):
        return re.search(rf'<(?:textarea|input)[^>]*name="{re.escape(name)}"[^>]*>', page).group(0)

    for name in ("mandate", "background", "interests", "interest_points-__prefix__-body"):
        assert "data-django-prose-editor-default" in tag(name), name
    for name in ("summary", "name", "interests_heading"):
        assert "data-django-prose-editor" not in tag(name), name
