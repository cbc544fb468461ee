import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from missions.models import Update
from tests.helpers import make_agreement, make_casualty, make_event, make_mission, make_report

pytestmark = pytest.mark.django_db

SEED_DAY = "/missions/minusma/?as_of=2016-07-31"


def text(response):
    """The page's text, tags removed and spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def counters(response):
    """{label: (number shown, "as of" date written out)} for each personnel counter on the page."""
    found = {}
    for block in re.findall(r'<div class="counter">(.*?)</div>', response.content.decode(), re.S):
        label = re.search(r'<dt class="counter__label">(.*?)</dt>', block).group(1)
        number = re.search(r'class="counter__number"[^>]*>(.*?)</span>', block)
        as_of = re.search(r"As of ([^<]*?)\. Source:", block)
        found[label] = (number.group(1), f"as of {as_of.group(1)}") if number else ("Not reported", None)
    return found


def test_on_31_july_2016_the_minusma_page_tells_what_the_seed_told(client, demo):
    page = text(client.get(SEED_DAY))

    assert "Currently in Mali" in page
    assert "As of 31 July 2016" in page
    assert counters(client.get(SEED_DAY))["Troops"] == ("10,358", "as of 31 July 2016")
    assert counters(client.get(SEED_DAY))["Police Officers"] == ("1,295", "as of 31 July 2016")
    assert "Mission Mandate" in page
    assert "How This Affects U.S. Interests" in page
    assert "Denying a haven to terrorist groups" in page
    assert "105 peacekeepers have lost their lives since deployment, 68 of them in malicious acts." in page


def test_an_earlier_date_shows_the_figures_of_that_day(client, demo):
    response = client.get("/missions/minusma/?as_of=2014-12-31")

    assert counters(response)["Troops"] == ("8,461", "as of 31 December 2014")
    assert counters(response)["Police Officers"] == ("1,033", "as of 31 December 2014")
    assert "attack the army base at Nampala" not in text(response)  # an event of 2016


def test_each_counter_names_its_date_and_source_in_short_and_links_the_full_source(client, demo):
    html = client.get(SEED_DAY).content.decode()
    short = '<time datetime="2016-07-31">Jul 2016</time> · <span>IPI</span></summary>'
    full = (
        "As of 31 July 2016. Source:\n"
        '    <a href="https://peacekeeping.un.org/en/troop-and-police-contributors">UN troop and police contributors '
        "report, via IPI Providing for Peacekeeping</a>"
    )

    assert html.count(short) == 2
    assert html.count(full) == 2


def test_a_counter_without_any_report_says_so_instead_of_zero(client):
    mission = make_mission()
    make_report(mission, date(2016, 7, 31), troops=10358)

    found = counters(client.get("/missions/minusma/"))

    assert found["Civilian Personnel"] == ("Not reported", None)
    assert found["Troops"] == ("10,358", "as of 31 July 2016")


def test_counters_carry_their_final_number_for_readers_without_javascript(client, demo):
    html = client.get(SEED_DAY).content.decode()

    assert '<span class="counter__final">10,358</span>' in html
    assert '<span class="counter__number" aria-hidden="true" data-count="10358">10,358</span>' in html
    assert '<script type="module" src="/static/js/counters.js"></script>' in html


def test_numbers_follow_the_readers_language(client, demo):
    html = client.get("/fr/missions/minusma/?as_of=2016-07-31").content.decode()

    assert '<html lang="fr">' in html
    assert "10\xa0358" in html
    assert "31 juillet 2016" in html


def test_sections_come_in_the_order_of_the_design(client, demo):
    html = client.get("/missions/minusca/").content.decode()
    headings = ["Mission Mandate", "Background", "Key facts", "Timeline", "Casualties", "Peace agreements"]
    headings += ["How This Affects U.S. Interests", "Updates"]

    positions = [html.index(f">{heading}</h2>") for heading in headings]

    assert positions == sorted(positions)


def test_the_casualty_sentence_is_computed_from_the_records(client):
    mission = make_mission()
    make_casualty(mission, casualty_id="A-1", incident_type="malicious_act")
    make_casualty(mission, casualty_id="A-2", incident_type="illness")
    make_casualty(mission, casualty_id="A-3", incident_type="malicious_act", date=date(2017, 1, 1))
    make_casualty(mission, group="national_forces", killed=17, injured=35)

    page = text(client.get("/missions/minusma/?as_of=2016-12-31"))

    assert "2 peacekeepers have lost their lives since deployment, 1 of them in malicious acts." in page


def test_a_closed_mission_says_where_and_when_it_was_deployed(client):
    make_mission(acronym="UNAMSIL", country="SL", started_on=date(1999, 10, 22), ended_on=date(2005, 12, 31))

    assert "Deployed in Sierra Leone 1999–2005" in text(client.get("/missions/unamsil/"))
    assert "Currently in Sierra Leone" in text(client.get("/missions/unamsil/?as_of=2003-01-01"))


def test_the_seed_posts_are_on_the_minusca_page_in_their_language(client, demo):
    html = client.get("/missions/minusca/").content.decode()

    assert '<p class="update__text" lang="fr">' in html
    assert '<p class="update__text" lang="en">' in html
    assert "Centrafrique" in html
    assert "View the original" not in html  # the seed names the accounts, not the posts
    assert "Centrafrique" not in client.get("/missions/minusma/").content.decode()


def test_today_the_demo_says_minusma_ended_and_links_the_seed_briefing(client, demo):
    page = text(client.get("/missions/minusma/"))

    assert "Deployed in Mali 2013–2023" in page
    assert "Security Council ends MINUSMA’s mandate" in page
    assert "MINUSMA completes its withdrawal from Mali" in page
    assert "311 peacekeepers have lost their lives since deployment" in page
    assert "Peacekeeper fatalities 311 (as of 28 November 2023)" in page
    assert "Peacekeeper fatalities 105 (as of 31 July 2016)" in text(client.get(SEED_DAY))
    html = client.get("/missions/minusma/").content.decode()
    assert '<a href="/missions/minusma/?as_of=2016-07-31">the briefing as it stood on 31 July 2016</a>' in html


def test_drafts_and_scheduled_items_stay_off_the_public_page(client):
    mission = make_mission()
    make_event(mission, title="Published event")
    make_event(mission, title="Draft event", status="draft")
    make_event(mission, title="Scheduled event", publish_at=timezone.now() + timedelta(days=1))
    make_agreement(mission, title="Draft accord", status="draft")
    Update.objects.create(
        mission=mission, author="A", text="Draft post", posted_at=timezone.now(), status="draft", language="en"
    )

    page = text(client.get("/missions/minusma/"))

    assert "Published event" in page
    assert "Draft event" not in page
    assert "Scheduled event" not in page
    assert "Draft accord" not in page
    assert "Draft post" not in page


def test_rich_text_reaches_the_page_sanitised(client):
    make_mission(mandate='<p onclick="steal()">Protect <strong>civilians</strong></p><script>alert(1)</script>')

    html = client.get("/missions/minusma/").content.decode()

    assert "<strong>civilians</strong>" in html
    assert "steal()" not in html
    assert "alert(1)" not in html


def test_page_metadata(client, demo):
    html = client.get(SEED_DAY).content.decode()

    assert "<title>MINUSMA: Mali · " in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/missions/minusma/">' in html
    assert '<meta property="og:title" content="MINUSMA: United Nations Multidimensional' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html  # the social card
    assert '<meta name="description" content="The UN’s stabilization mission in Mali' in html


@pytest.mark.parametrize("value", ["2016-13-01", "yesterday", "31/07/2016", "2016-07-31T00:00"])
def test_a_malformed_date_answers_400_with_a_friendly_page(client, demo, value):
    response = client.get(f"/missions/minusma/?as_of={value}")

    assert response.status_code == 400
    assert "is not a date. Use the form YYYY-MM-DD" in text(response)
    assert "Traceback" not in response.content.decode()


def test_a_date_in_the_future_means_today(client, demo):
    future = (timezone.localdate() + timedelta(days=400)).isoformat()

    response = client.get(f"/missions/minusma/?as_of={future}")

    assert counters(response)["Troops"] == ("10,358", "as of 31 July 2016")
    assert f"As of {timezone.localdate():%-d %B %Y}" in text(response)


def test_the_home_page_lists_active_missions_first_with_their_counters(client, demo):
    make_mission(acronym="UNAMSIL", country="SL", started_on=date(1999, 10, 22), ended_on=date(2005, 12, 31))

    response = client.get("/")
    page = text(response)

    cards = re.findall(r'<h2 class="mission-card__title"><a href="/missions/(\w+)/">', response.content.decode())
    assert cards == ["minusca", "minusma", "unamsil"]
    assert "Closed · 1999–2005" in page
    assert "Closed · 2013–2023" in page
    assert "Active since 2014" in page
    assert "Troops 10,358 Jul 2016 · IPI As of 31 July 2016. Source: UN troop" in page


def test_key_facts_show_the_budget_and_the_us_share_with_their_source(client):
    make_mission(
        budget_usd=1_000_000_000,
        budget_period="July 2016 – June 2017",
        us_share_percent="28.5",
        budget_source="General Assembly resolution",
        budget_source_url="https://undocs.org/",
        troop_ceiling=13289,
        police_ceiling=1920,
        ceilings_as_of=date(2016, 6, 29),
    )

    page = text(client.get("/missions/minusma/"))

    assert "Approved budget US$1,000,000,000 for July 2016 – June 2017" in page
    assert "U.S. share 28.5%, about US$285,000,000" in page
    assert "General Assembly resolution" in page
    assert "Authorised strength 13,289 military personnel, 1,920 police (as of 29 June 2016" in page
    assert "Authorised strength" not in text(client.get("/missions/minusma/?as_of=2016-01-01"))


# --- True on the date shown ------------------------------------------------------------------------


def test_the_status_follows_the_date(client):
    make_mission(acronym="MINUSMA", started_on=date(2013, 4, 25), ended_on=date(2023, 12, 31))

    assert "Currently in Mali" in text(client.get("/missions/minusma/?as_of=2016-07-31"))
    assert "Currently in Mali" in text(client.get("/missions/minusma/?as_of=2023-12-31"))
    today = text(client.get("/missions/minusma/"))
    assert "Deployed in Mali 2013–2023" in today
    assert "Currently in" not in today


def test_a_date_before_the_mission_began_says_so_instead_of_empty_counters(client):
    mission = make_mission(acronym="MINUSMA", started_on=date(2013, 4, 25))
    make_report(mission, date(2013, 7, 31), troops=5494)

    response = client.get("/missions/minusma/?as_of=2012-06-01")

    page = text(response)
    assert response.status_code == 200
    assert "On 1 June 2012 MINUSMA had not begun: it was established on 25 April 2013." in page
    assert "Not reported" not in page
    assert counters(response) == {}
    assert "Currently in" not in page


def test_a_past_page_says_its_texts_are_todays(client):
    make_mission()

    assert "The mandate, background and other texts are today’s." in text(client.get(SEED_DAY))
    assert "texts are today’s" not in text(client.get("/missions/minusma/"))


def test_each_counter_carries_its_own_date(client):
    mission = make_mission()
    make_report(mission, date(2016, 7, 31), troops=10358, source_kind="ipi")
    make_report(mission, date(2016, 5, 20), national_civilians=800, source="SG report", source_kind="hand")

    found = counters(client.get("/missions/minusma/"))

    assert found["Troops"] == ("10,358", "as of 31 July 2016")
    assert found["Civilian Personnel"] == ("800", "as of 20 May 2016")


def test_the_civilian_counter_says_why_it_is_not_reported_and_where_the_figure_is(client):
    make_mission(personnel_facts_url="https://peacekeeping.un.org/en/mission/minusma")

    html = client.get("/missions/minusma/").content.decode()

    block = re.search(r"Civilian Personnel</dt>(.*?)</div>", html, re.S).group(1)
    assert "Not reported" in block
    assert "not in the UN’s open data" in block
    assert 'href="https://peacekeeping.un.org/en/mission/minusma"' in block


def test_a_site_wide_update_shows_on_the_home_page_not_on_a_mission(client):
    make_mission()
    Update.objects.create(
        author="UN Peacekeeping", text="A post about every mission.", posted_at=timezone.now(), status="published"
    )

    assert "A post about every mission." in text(client.get("/"))
    assert "A post about every mission." not in text(client.get("/missions/minusma/"))


def test_a_post_links_to_its_original_only_when_its_address_is_known(client):
    mission = make_mission()
    Update.objects.create(
        mission=mission,
        author="A",
        text="With a link.",
        url="https://example.org/post/1",
        posted_at=timezone.now(),
        status="published",
    )
    Update.objects.create(mission=mission, author="B", text="Without.", posted_at=timezone.now(), status="published")

    html = client.get("/missions/minusma/").content.decode()

    assert html.count("View the original") == 1
    assert 'href="https://example.org/post/1"' in html


def section(response, id):
    html = response.content.decode()
    start = html.index(f'<section class="briefing__section" id="{id}"')
    return html[start : html.index("</section>", start)]


def test_the_latest_events_include_peace_agreements(client, demo):
    latest = section(client.get("/missions/minusma/?as_of=2015-06-30"), "timeline")

    assert "Agreement on Peace and Reconciliation in Mali" in latest
    assert '<span class="tag tag--milestone">Peace agreement</span>' in latest
    assert latest.index("Agreement on Peace and Reconciliation") < latest.index("The last armed coalition signs")


def test_the_latest_events_read_in_order_with_a_month_after_its_dated_days(client, demo):
    latest = section(client.get(SEED_DAY), "timeline")

    assert latest.index("Islamist militants attack the army base at Nampala") < latest.index("State of emergency")
    assert re.findall(r'<h3 class="event__title">', latest) == ['<h3 class="event__title">'] * 5


def test_uniformed_personnel_are_added_up_only_from_one_report(client):
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), troops=10000, individual_police=1200)
    make_report(mission, date(2016, 7, 31), troops=10358, police_total=1295)
    together = "Uniformed personnel, troops and police together: 11,653 , both from the report of 31 July 2016."

    assert together in text(client.get("/missions/minusma/"))

    make_report(mission, date(2016, 8, 31), troops=10500)  # police still as of July
    assert "troops and police together" not in text(client.get("/missions/minusma/"))


def test_a_source_without_a_short_name_is_shortened_and_given_in_full(client):
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), international_civilians=800, source="Secretary-General, report on Mali")

    page = text(client.get("/missions/minusma/"))

    assert (
        "Civilian Personnel 800 800 Jun 2016 · Secretary-General As of 30 June 2016. Source: Secretary-General, report"
        in page
    )


def test_the_briefing_has_a_date_picker_that_works_without_javascript(client, demo):
    html = client.get(SEED_DAY).content.decode()
    today = timezone.localdate().isoformat()

    assert '<form class="as-of-form" method="get" action="/missions/minusma/">' in html
    assert f'<input type="date" id="as-of-date" name="as_of" value="2016-07-31" min="2013-04-25" max="{today}">' in html
    assert "As of 31 July 2016: figures, events and casualties as they stood that day." in text(client.get(SEED_DAY))
    assert '<a href="/missions/minusma/">See the latest</a>' in html
    assert "as they stood that day" not in text(client.get("/missions/minusma/"))


def test_events_of_the_same_day_read_in_the_same_order_on_the_briefing_as_on_the_timeline(client):
    mission = make_mission()
    for title in ("First of the day", "Second of the day", "Third of the day"):
        make_event(mission, title=title)

    latest = section(client.get("/missions/minusma/"), "timeline")
    timeline = client.get("/missions/minusma/timeline/").content.decode()

    assert latest.index("First") < latest.index("Second") < latest.index("Third")
    assert timeline.index("First") < timeline.index("Second") < timeline.index("Third")
