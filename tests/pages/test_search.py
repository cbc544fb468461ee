"""/search/?q=: published content only, in English and French, highlighted safely, paginated."""

import re
from datetime import date

import pytest

from tests.helpers import make_agreement, make_event, make_mission
from timeline.models import Event

pytestmark = pytest.mark.django_db


def results(client, path):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    return html, [
        re.sub(r"<[^>]+>", "", title) for title in re.findall(r'class="search-result__title">(.*?)</h2>', html)
    ]


@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_nampala_finds_the_attack_on_english_and_french_pages(client, demo, prefix):
    nampala = Event.objects.get(title__contains="Nampala")

    html, titles = results(client, f"{prefix}/search/?q=Nampala")

    assert titles[0] == "Islamist militants attack the army base at Nampala"
    assert f'<a href="{prefix}/missions/minusma/timeline/#event-{nampala.pk}">' in html
    assert "<mark>Nampala</mark>" in html


def test_the_french_search_page_is_french(client, demo):
    html, _titles = results(client, "/fr/search/?q=Nampala")
    html = html.replace("\u00a0", " ").replace("\u202f", " ")

    assert '<html lang="fr">' in html
    assert ">Rechercher</h1>" in html
    assert "résultats pour « Nampala »" in html or "résultat pour « Nampala »" in html
    assert "MINUSMA · Attaque" in html


def test_drafts_never_appear(client):
    mission = make_mission()
    make_event(mission, title="Published attack at Kidal")
    make_event(mission, title="Draft attack at Gao", status="draft")
    make_agreement(mission, title="Draft attack accord", status="draft")
    hidden = make_mission(acronym="SECRETMISSION", name="Secret attack mission", status="draft")
    make_event(hidden, title="Attack of a draft mission")

    html, titles = results(client, "/search/?q=attack")

    assert titles == ["Published attack at Kidal"]
    assert "SECRETMISSION" not in html


def test_highlighting_escapes_what_it_shows(client):
    make_event(make_mission(), title="<script>alert(1)</script> Nampala <b>bold</b>")

    html, _titles = results(client, "/search/?q=Nampala")

    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Nampala</mark> &lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script>alert" not in html


def test_a_search_for_markup_finds_it_as_text(client):
    make_event(make_mission(), title="Attack <script>")

    html, _titles = results(client, "/search/?q=%3Cscript%3E")

    assert "<script>" not in html.split("<main", 1)[1]
    assert "“&lt;script&gt;”" in html


def test_results_are_paginated(client):
    mission = make_mission()
    for day in range(1, 26):
        make_event(mission, title=f"Patrol number {day}", date=date(2016, 7, day))

    html, first = results(client, "/search/?q=patrol")
    _html, second = results(client, "/search/?q=patrol&page=2")

    assert "25 results for “patrol”" in html
    assert len(first) == 20 and len(second) == 5
    assert first[0] == "Patrol number 25"  # equally good matches: the newest first
    assert set(first).isdisjoint(second)
    assert 'href="?q=patrol&amp;page=2" rel="next"' in html
    assert "Page 1 of 2" in html


def test_every_page_has_a_search_box(client, demo):
    for path in ("/", "/missions/minusma/", "/fr/missions/minusma/timeline/"):
        html = client.get(path).content.decode()
        assert re.search(r'<form class="site-search" role="search" method="get" action="(/fr)?/search/">', html)
        assert '<input class="site-search__input" id="site-search" type="search" name="q"' in html
    html = client.get("/search/?q=Bamako").content.decode()
    assert 'name="q" value="Bamako"' in html


def test_an_empty_search_asks_for_words(client):
    html, titles = results(client, "/search/?q=+")

    assert titles == []
    assert "Type a few words in the search box above" in html
