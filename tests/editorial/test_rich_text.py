"""Whatever path saves rich text, what reaches a page is sanitised against the one allowlist."""

import re
import shutil
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from demo import loader
from demo.loader import DEMO_DIR
from editorial.rich_text import is_rich_text
from missions.models import InterestPoint, Mission
from tests.helpers import admin_form, make_agreement, make_event, make_interest_point, make_mission
from timeline.models import Agreement, Event

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
        reverse("pages:timeline", kwargs={"slug": mission.slug}),
    ]
    return {url: client.get(url).content.decode() for url in urls}


def test_payloads_saved_from_the_shell_through_every_rich_text_field_never_reach_a_page(client):
    mission = make_mission(mandate=PAYLOAD, background=PAYLOAD, interests=PAYLOAD)
    make_interest_point(mission, body=PAYLOAD)
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


# --- Cleaned by the field itself, whatever writes it ---------------------------------------------

ATTACK = '<p>Kept.</p><img src=x onerror="alert(1)">'
CLEAN = "<p>Kept.</p>"


def rich_text_fields():
    """(model, field name) for every rich-text field of the site's content models."""
    return [
        (model, field.name)
        for model in apps.get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
        for field in model._meta.concrete_fields
        if is_rich_text(field)
    ]


def one_of_each():
    mission = make_mission()
    return {
        Mission: mission,
        InterestPoint: make_interest_point(mission),
        Event: make_event(mission),
        Agreement: make_agreement(mission),
    }


def test_the_content_models_have_their_rich_text_fields():
    assert {f"{model.__name__}.{name}" for model, name in rich_text_fields()} == {
        "Mission.mandate",
        "Mission.background",
        "Mission.interests",
        "InterestPoint.body",
        "Event.body",
        "Agreement.summary",
    }


@pytest.mark.parametrize("write", ["save", "update", "bulk_update"])
def test_every_rich_text_field_is_stored_clean_whatever_writes_it(write):
    objects = one_of_each()
    for model, name in rich_text_fields():
        obj = objects[model]
        if write == "save":
            setattr(obj, name, ATTACK)
            obj.save()
            assert getattr(obj, name) == CLEAN  # the instance holds what was stored
        elif write == "update":
            model.objects.filter(pk=obj.pk).update(**{name: ATTACK})
        else:
            setattr(obj, name, ATTACK)
            model.objects.bulk_update([obj], [name])
        stored = model.objects.values_list(name, flat=True).get(pk=obj.pk)
        assert stored == CLEAN, f"{model.__name__}.{name} stored {stored!r} after {write}"


def test_a_bulk_insert_is_stored_clean():
    mission = make_mission()
    Event.objects.bulk_create(
        [Event(mission=mission, date=date(2016, 7, 19), title="x", category="attack", body=ATTACK)]
    )
    assert Event.objects.get(title="x").body == CLEAN


def test_rich_text_loaded_from_the_demo_files_is_stored_clean(tmp_path, monkeypatch):
    for name in ("missions.toml", "personnel.csv", "un_fatalities.csv"):
        shutil.copy(DEMO_DIR / name, tmp_path / name)
    toml = tmp_path / "missions.toml"
    toml.write_text(toml.read_text().replace('mandate = """', 'mandate = """<img src=x onerror="alert(1)">', 1))
    monkeypatch.setattr(loader, "DEMO_DIR", tmp_path)

    loader.load_demo()

    assert "onerror" not in Mission.objects.get(acronym="MINUSMA").mandate


def test_the_admin_hands_the_editor_only_clean_html(publisher_client):
    """A value stored before the field cleaned everything (or by raw SQL) never reaches the editor as it is."""
    mission = make_mission()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Mission._meta.db_table} SET mandate = %s WHERE id = %s", [ATTACK, mission.pk])

    page = publisher_client.get(reverse("admin:missions_mission_change", args=[mission.pk])).content.decode()

    textarea = re.search(r'<textarea[^>]*name="mandate"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert "onerror" not in textarea
    assert "Kept." in textarea
