"""Open data: CSV and JSON files with the figures the pages show, each dated and sourced, spreadsheet-safe."""

import csv
import io
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.helpers import make_casualty, make_event, make_mission, make_report

pytestmark = pytest.mark.django_db

FILES = ("personnel.csv", "casualties.csv", "events.csv", "data.json")


def read_csv(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def read_json(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def page_counters(html):
    """{label: (number, "as of …" text)} as the page's counters show them; None for "Not reported"."""
    counters = {}
    for label, body in re.findall(r'<dt class="counter__label">([^<]+)</dt>(.*?)</div>', html, re.S):
        number = re.search(r'class="counter__number"[^>]*>([\d,]+)<', body)
        as_of = re.search(r"As of ([^<]+?)\. Source:", body)
        counters[label] = (int(number[1].replace(",", "")), as_of[1]) if number else None
    return counters


def page_fatalities(html):
    return int(re.search(r"<strong>([\d,]+)</strong> peacekeepers? ha", html)[1].replace(",", ""))


def written(day):
    return f"{day.day} {day:%B %Y}"


@pytest.mark.parametrize("query", ["", "?as_of=2014-12-31"])
def test_the_files_hold_the_figures_the_pages_show(client, demo, query):
    briefing = client.get(f"/missions/minusma/{query}").content.decode()
    casualties_page = client.get(f"/missions/minusma/casualties/{query}").content.decode()
    data = read_json(client, f"/missions/minusma/data.json{query}")
    personnel = read_csv(client, f"/missions/minusma/personnel.csv{query}")
    records = read_csv(client, f"/missions/minusma/casualties.csv{query}")

    labels = {"troops": "Troops", "police": "Police Officers", "civilians": "Civilian Personnel"}
    shown = page_counters(briefing)
    in_json = {
        label: (figure["value"], written(date.fromisoformat(figure["date"]))) if figure else None
        for kind, label in labels.items()
        for figure in [data["counters"][kind]]
    }
    assert in_json == shown
    assert any(shown.values())
    for kind, label in labels.items():
        if shown[label]:
            day = data["counters"][kind]["date"]
            assert int(next(row for row in personnel if row["date"] == day)[kind]) == shown[label][0]
    assert max(row["date"] for row in personnel) <= data["as_of"]

    killed = data["un_fatalities"]["killed"]
    assert killed == page_fatalities(briefing) == page_fatalities(casualties_page)
    assert killed == sum(int(row["killed"]) for row in records if row["group"] == "un")
    assert data["un_fatalities"]["malicious"] == sum(
        int(row["killed"]) for row in records if row["group"] == "un" and row["incident_type"] == "malicious_act"
    )


def test_on_the_last_day_of_2014_minusma_had_8461_troops_in_every_form(client, demo):
    data = read_json(client, "/missions/minusma/data.json?as_of=2014-12-31")
    personnel = read_csv(client, "/missions/minusma/personnel.csv?as_of=2014-12-31")

    assert "8,461" in client.get("/missions/minusma/?as_of=2014-12-31").content.decode()
    assert data["as_of"] == "2014-12-31"
    assert data["counters"]["troops"]["value"] == 8461
    assert personnel[-1]["date"] == "2014-12-31"
    assert personnel[-1]["troops"] == "8461"


def test_every_figure_has_its_date_source_and_link_and_un_data_its_licence(client, demo):
    data = read_json(client, "/missions/minusma/data.json")
    personnel = read_csv(client, "/missions/minusma/personnel.csv")
    records = read_csv(client, "/missions/minusma/casualties.csv")

    # (The demo's casualties of events, such as Nampala's, name no source yet: only UN records are checked.)
    un_records = [row for row in records if row["un_casualty_id"]]
    figures = [figure for figure in data["counters"].values() if figure] + data["personnel"] + personnel + un_records
    assert len(un_records) == data["un_fatalities"]["killed"]
    assert [figure for figure in figures if not (figure["date"] and figure["source"] and figure["source_url"])] == []
    assert data["licence"]["name"] == "CC BY-IGO 3.0"
    assert data["licence"]["attribution"] == "UN Peace and Security Pillar (DPPA/DPO)"
    assert {(row["licence"], row["attribution"]) for row in un_records} == {
        ("CC BY-IGO 3.0", "UN Peace and Security Pillar (DPPA/DPO)")
    }
    assert {row["licence"] for row in personnel if "psdata.un.org" not in row["source_url"]} == {""}
    assert data["un_fatalities"]["sources"][0]["licence"] == "CC BY-IGO 3.0"


def test_cells_a_spreadsheet_would_run_are_made_text(client):
    mission = make_mission()
    make_event(mission, title='=HYPERLINK("http://evil.example","Click")', place="+1 Gao")
    make_event(mission, title="-2+3", place="@SUM(A1)")
    make_event(mission, title="A plain title", place="Kidal")

    rows = read_csv(client, "/missions/minusma/events.csv")

    assert [(row["title"], row["place"]) for row in rows] == [
        ('\'=HYPERLINK("http://evil.example","Click")', "'+1 Gao"),
        ("'-2+3", "'@SUM(A1)"),
        ("A plain title", "Kidal"),
    ]


def test_the_files_hold_only_published_data_even_for_staff(client):
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), troops=10000)
    make_report(mission, date(2016, 7, 31), troops=99999, status="draft")
    make_event(mission, title="Published event at Kidal")
    make_event(mission, title="Draft event at Gao", status="draft")
    make_casualty(mission, casualty_id="UN-1")
    make_casualty(mission, casualty_id="UN-2", status="draft")
    make_mission(acronym="SECRETMISSION", status="draft")
    staff = get_user_model().objects.create_superuser("staff", "staff@example.org", "pw")
    client.force_login(staff)

    assert "Draft event at Gao" in client.get("/missions/minusma/").content.decode()  # the preview shows it
    assert [row["troops"] for row in read_csv(client, "/missions/minusma/personnel.csv")] == ["10000"]
    assert [row["title"] for row in read_csv(client, "/missions/minusma/events.csv")] == ["Published event at Kidal"]
    assert [row["un_casualty_id"] for row in read_csv(client, "/missions/minusma/casualties.csv")] == ["UN-1"]
    data = read_json(client, "/missions/minusma/data.json")
    assert data["counters"]["troops"]["value"] == 10000
    assert data["un_fatalities"]["killed"] == 1
    for name in FILES:
        assert client.get(f"/missions/secretmission/{name}").status_code == 404


def test_the_files_follow_as_of_like_the_pages(client):
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), troops=10000)
    make_event(mission, title="Coup", date=date(2012, 3, 22))
    make_event(mission, title="Nampala attack", date=date(2016, 7, 19))

    assert [row["title"] for row in read_csv(client, "/missions/minusma/events.csv?as_of=2015-01-01")] == ["Coup"]
    assert read_csv(client, "/missions/minusma/personnel.csv?as_of=2015-01-01") == []
    assert read_json(client, "/missions/minusma/data.json?as_of=2099-01-01")["as_of"] == str(timezone.localdate())
    assert client.get("/missions/minusma/personnel.csv?as_of=31-12-2014").status_code == 400


def test_the_pages_link_to_their_files(client, demo):
    for page in ("", "timeline/", "casualties/"):
        html = client.get(f"/missions/minusma/{page}?as_of=2014-12-31").content.decode()
        for name in FILES:
            assert f'href="/missions/minusma/{name}?as_of=2014-12-31"' in html, (page, name)
        assert 'href="https://creativecommons.org/licenses/by/3.0/igo/">CC BY-IGO 3.0</a>' in html
    assert 'href="/fr/missions/minusma/data.json"' in client.get("/fr/missions/minusma/").content.decode()
