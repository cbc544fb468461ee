import re
from datetime import date

import pytest

from tests.helpers import make_agreement, make_casualty, make_event, make_mission

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def test_the_timeline_lists_the_seed_events_in_order_grouped_by_year(client, demo):
    html = client.get("/missions/minusma/timeline/").content.decode()
    seed_events = ["Soldiers overthrow", "France intervenes", "Security Council establishes MINUSMA"]
    seed_events += ["Presidential election", "Agreement on Peace and Reconciliation", "Radisson Blu"]
    seed_events += ["Militants attack the UN camp in Kidal", "Mopti region", "adds about 2,500", "Nampala"]

    positions = [html.index(event) for event in seed_events]

    assert positions == sorted(positions)
    assert [int(year) for year in re.findall(r'<h2 id="year-(\d{4})">', html)] == [2012, 2013, 2015, 2016, 2023]
    assert html.count('<ol class="events">') == 5


def test_dates_are_written_to_their_precision(client):
    mission = make_mission()
    make_event(mission, title="Takeover", date=date(2012, 6, 1), date_precision="month")
    make_event(mission, title="Coup", date=date(2012, 3, 22))

    html = client.get("/missions/minusma/timeline/").content.decode()

    assert '<time datetime="2012-06">June 2012</time>' in html
    assert '<time datetime="2012-03-22">22 March 2012</time>' in html
    assert "1 June 2012" not in html


def test_the_category_filter_is_a_plain_form(client, demo):
    html = client.get("/missions/minusma/timeline/?category=attack").content.decode()

    assert '<form class="filter" method="get"' in html
    assert "Radisson Blu" in html
    assert "France intervenes" not in html
    assert "Agreement on Peace and Reconciliation" not in html


def test_an_unknown_category_answers_400(client, demo):
    response = client.get("/missions/minusma/timeline/?category=gossip")
    assert response.status_code == 400
    assert "There is no such category." in text(response)


def test_events_show_their_casualties_and_agreements_are_milestones(client, demo):
    page = text(client.get("/missions/minusma/timeline/"))

    assert "National forces: 17 killed, 35 injured" in page
    assert "UN personnel: 6 killed" in page
    assert "15 May 2015 Peace agreement" in page


def test_the_timeline_as_of_a_date_stops_there(client, demo):
    page = text(client.get("/missions/minusma/timeline/?as_of=2015-12-31"))

    assert "Radisson Blu" in page
    assert "Militants attack the UN camp in Kidal" not in page
    assert "As of 31 December 2015" in page


def test_event_sources_are_linked(client, demo):
    html = client.get("/missions/minusma/timeline/").content.decode()
    assert '<a href="https://undocs.org/S/RES/2100(2013)">Security Council resolution 2100 (2013)</a>' in html


def test_the_casualties_page_totals_match_the_records(client, demo):
    page = text(client.get("/missions/minusma/casualties/"))
    seed_day = text(client.get("/missions/minusma/casualties/?as_of=2016-07-31"))

    assert "311 peacekeepers have lost their lives since deployment, 174 of them in malicious acts." in page
    assert "Killed 311 In malicious acts 174" in page
    assert "105 peacekeepers have lost their lives since deployment, 68 of them in malicious acts." in seed_day


def test_casualties_by_year_and_incident_are_a_chart_with_its_table(client, demo):
    html = client.get("/missions/minusma/casualties/?as_of=2016-07-31").content.decode()
    table = html[html.index("UN fatalities by year and type of incident</caption>") :]

    assert re.search(r'<figure class="chart">\s*<figcaption id="by-year-caption">', html)
    assert '<svg class="chart__svg chart__svg--wide" viewBox="0 0 640 260" width="640" height="260"' in html
    assert html.count('role="img" aria-labelledby="by-year-caption">') == 2  # a phone's drawing too
    assert re.search(r'<th scope="row">2013</th>(<td>\d+</td>)+<td>6</td></tr>', table)
    assert re.search(r'<th scope="row">2016\*</th>(<td>\d+</td>)+<td>31</td></tr>', table)


def test_nationalities_show_the_top_ten_and_the_rest(client):
    mission = make_mission()
    countries = ["TD", "BF", "NE", "TG", "GN", "BD", "NL", "SN", "KH", "ML", "CN", "FR"]
    for index, code in enumerate(countries):
        for n in range(len(countries) - index):
            make_casualty(mission, casualty_id=f"{code}-{n}", nationality=code)

    page = text(client.get("/missions/minusma/casualties/"))

    assert "Chad 12" in page
    assert "Mali 3" in page
    assert "2 other countries 3" in page  # China 2 + France 1
    assert "China" not in page


def test_un_personnel_are_counted_apart_from_national_forces_and_civilians(client):
    mission = make_mission()
    make_casualty(mission, casualty_id="A-1", incident_type="malicious_act")
    make_casualty(mission, group="national_forces", killed=17, injured=35)
    make_casualty(mission, group="civilians", killed=20)

    page = text(client.get("/missions/minusma/casualties/"))

    assert "1 peacekeeper has lost their life since deployment, 1 of them in malicious acts." in page
    assert "National forces 17 35" in page
    assert "Civilians 20 0" in page


def test_a_mission_without_records_has_a_calm_casualties_page(client):
    make_mission()
    response = client.get("/missions/minusma/casualties/")
    assert response.status_code == 200
    assert "No peacekeeper fatalities are recorded." in text(response)


def test_draft_agreements_are_not_milestones(client):
    mission = make_mission()
    make_agreement(mission, title="Secret accord", status="draft")
    assert "Secret accord" not in text(client.get("/missions/minusma/timeline/"))


def test_the_casualties_page_says_when_the_un_last_updated_its_data_and_marks_a_partial_year(client):
    mission = make_mission(fatalities_updated_on=date(2023, 11, 28))
    make_casualty(mission, casualty_id="A-1", date=date(2022, 5, 1))
    make_casualty(mission, casualty_id="A-2", date=date(2023, 3, 1))

    html = client.get("/missions/minusma/casualties/").content.decode()
    page = text(client.get("/missions/minusma/casualties/"))

    assert "The UN last updated this data on 28 November 2023." in page
    assert re.search(r'<th scope="row">2023\*</th>', html)
    assert re.search(r'<th scope="row">2022</th>', html)
    assert "* 2023: to 28 November only; the year is not complete." in page
    assert ">2023*</text>" in html


def test_a_past_date_marks_its_own_year_as_partial(client):
    mission = make_mission(fatalities_updated_on=date(2023, 11, 28))
    make_casualty(mission, casualty_id="A-1", date=date(2016, 2, 12))

    page = text(client.get("/missions/minusma/casualties/?as_of=2016-07-31"))

    assert "* 2016: to 31 July only; the year is not complete." in page


def test_the_past_briefing_link_leads_to_the_briefing_from_every_page(client):
    make_mission(past_briefing_on=date(2016, 7, 31))

    for path in ("/missions/minusma/timeline/", "/missions/minusma/casualties/"):
        html = client.get(path).content.decode()
        assert '<a href="/missions/minusma/?as_of=2016-07-31">the briefing as it stood on 31 July 2016</a>' in html


def test_an_event_known_to_the_month_follows_the_dated_events_of_that_month(client, demo):
    html = client.get("/missions/minusma/timeline/").content.decode()

    assert html.index("Islamist militants attack the army base at Nampala") < html.index("State of emergency extended")
    assert html.index('<time datetime="2016-07">July 2016</time>') > html.index(
        '<time datetime="2016-07-19">19 July 2016</time>'
    )


def test_the_legend_names_the_kinds_of_entry_shown(client, demo):
    legend = re.compile(r'<ul class="legend"[^>]*>(.*?)</ul>', re.S)

    everything = legend.search(client.get("/missions/minusma/timeline/").content.decode()).group(1)
    attacks = legend.search(client.get("/missions/minusma/timeline/?category=attack").content.decode()).group(1)

    assert re.findall(r'event--(\w+)"><span class="legend__marker"></span>([^<]+)<', everything) == [
        ("political", "Political"),
        ("security", "Security"),
        ("attack", "Attack"),
        ("elections", "Elections"),
        ("mandate", "Mandate"),
        ("deployment", "Deployment"),
        ("agreement", "Peace agreement"),
    ]
    assert re.findall(r"</span>([^<]+)<", attacks) == ["Attack"]


def test_the_timeline_picks_a_date_and_keeps_its_filter(client, demo):
    html = client.get("/missions/minusma/timeline/?category=attack&as_of=2015-12-31").content.decode()

    assert '<form class="as-of-form" method="get" action="/missions/minusma/timeline/">' in html
    assert '<input type="hidden" name="category" value="attack">' in html
    assert 'name="as_of" value="2015-12-31" min="2013-04-25"' in html
    assert '<a href="/missions/minusma/timeline/?category=attack">See the latest</a>' in html
