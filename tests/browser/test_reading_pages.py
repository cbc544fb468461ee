"""The reading pages as a reader sees them on a phone (390×844) and a laptop (1366×900): accessible,
charts legible and true to their tables, counters that stand out and print their final values."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import paused_clock

PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
SIZES = pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["390x844", "1366x900"])
PAGES = [
    "/",
    "/missions/minusma/",
    "/missions/minusma/?as_of=2016-07-31",
    "/missions/minusma/timeline/",
    "/missions/minusma/casualties/",
    "/fr/missions/minusma/casualties/",
]
CHART_PAGES = ["/missions/minusma/", "/missions/minusma/casualties/", "/fr/missions/minusma/casualties/"]
COUNTER_PAGES = ["/", "/missions/minusma/?as_of=2016-07-31", "/fr/missions/minusma/"]

# For each chart drawing that shows: its text elements with their rendered font size and box.
CHART_TEXTS = """() => [...document.querySelectorAll('figure.chart')].map(figure => {
  const shown = [...figure.querySelectorAll('svg')].filter(svg => getComputedStyle(svg).display !== 'none');
  return shown.map(svg => {
    const box = svg.getBoundingClientRect();
    return {
      box: [box.left, box.top, box.right, box.bottom],
      texts: [...svg.querySelectorAll('text')].map(text => {
        const rect = text.getBoundingClientRect();
        return {
          text: text.textContent, css: text.getAttribute('class'),
          px: parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a,
          box: [rect.left, rect.top, rect.right, rect.bottom],
        };
      }),
    };
  });
})"""

# Whether a counter of the band shows a number other than its final one: caught counting up.
MID_COUNT = """() => [...document.querySelectorAll('.counters--band [data-count]')]
  .some(n => n.textContent.replace(/\\D/g, '') !== n.dataset.count)"""


def open_page(browser, size, path, **options):
    page = browser.new_page(viewport=size, **options)
    page.goto(path)
    return page


def overlap(a, b, tolerance=0.5):
    return min(a[2], b[2]) - max(a[0], b[0]) > tolerance and min(a[3], b[3]) - max(a[1], b[1]) > tolerance


@SIZES
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_accessibility_violations(browser, site, size, path):
    page = open_page(browser, size, site + path)

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


@SIZES
@pytest.mark.parametrize("path", CHART_PAGES)
def test_chart_text_is_at_least_12_px_inside_its_chart_and_no_two_labels_overlap(browser, site, size, path):
    page = open_page(browser, size, site + path)

    figures = page.evaluate(CHART_TEXTS)

    assert figures and all(len(drawings) == 1 for drawings in figures)  # one drawing per chart shows
    for [drawing] in figures:
        texts = drawing["texts"]
        assert texts
        assert [text["text"] for text in texts if text["px"] < 12] == []
        left, top, right, bottom = drawing["box"]
        outside = [t["text"] for t in texts if t["box"][0] < left - 1 or t["box"][2] > right + 1]
        outside += [t["text"] for t in texts if t["box"][1] < top - 1 or t["box"][3] > bottom + 1]
        assert outside == []
        overlapping = [
            (a["text"], b["text"]) for i, a in enumerate(texts) for b in texts[i + 1 :] if overlap(a["box"], b["box"])
        ]
        assert overlapping == []


def numbers(texts):
    return [re.sub(r"\s", "", text) for text in texts]


@SIZES
@pytest.mark.parametrize("language", ["", "/fr"])
def test_each_casualties_chart_labels_the_same_figures_as_its_table(browser, site, size, language):
    page = open_page(browser, size, site + language + "/missions/minusma/casualties/")
    figures = page.locator("figure.chart")

    for index in range(figures.count()):
        figure = figures.nth(index)
        drawing = figure.locator("svg:visible")
        labels = drawing.locator(".chart__label").all_text_contents()
        values = drawing.locator(".chart__value").all_text_contents()
        row_labels = figure.locator("tbody th").all_text_contents()
        totals = figure.locator("tbody tr td:last-child").all_text_contents()

        assert numbers(values) == numbers(totals)
        assert len(labels) == len(row_labels)
        for label, row_label in zip(labels, row_labels, strict=True):
            assert label == row_label or (label.endswith("…") and row_label.startswith(label[:-1]))


@SIZES
def test_the_personnel_chart_ends_each_line_with_the_latest_figure_of_its_table(browser, site, size):
    page = open_page(browser, size, site + "/missions/minusma/?as_of=2016-07-31")
    figure = page.locator("#personnel figure.chart")

    values = figure.locator("svg:visible .chart__value").all_text_contents()
    last_row = figure.locator("tbody tr").last.locator("td").all_text_contents()
    years = figure.locator("svg:visible .chart__tick").all_text_contents()
    table_years = {text[-4:] for text in figure.locator("tbody th").all_text_contents()}

    assert numbers(values) == numbers(last_row) == ["10,358", "1,295"]
    assert {year for year in years if len(year) == 4 and year.startswith("20")} <= table_years


@SIZES
def test_the_headline_is_where_the_mission_is_and_the_counters_stand_out(browser, site, size):
    page = open_page(browser, size, site + "/missions/minusma/?as_of=2016-07-31")

    headline = page.get_by_role("heading", level=1)
    name = page.locator(".mission-header__name")
    number_sizes = page.locator(".counters--band .counter__number").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )

    assert headline.inner_text().split("\n") == ["MINUSMA", "Currently in Mali"]
    assert name.inner_text() == "United Nations Multidimensional Integrated Stabilization Mission in Mali"
    status_size = page.locator(".mission-header__status").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert status_size > 1.5 * name.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert len(number_sizes) == 2 and min(number_sizes) >= (64 if size is LAPTOP else 40)
    numbers_left = page.locator(".counters--band .counter__number").evaluate_all(
        "els => els.map(e => Math.round(e.getBoundingClientRect().left))"
    )
    # Side by side on a laptop; on a phone one under the other, lined up.
    assert (numbers_left[0] < numbers_left[1]) if size is LAPTOP else (numbers_left[0] == numbers_left[1])


@SIZES
def test_each_counter_shows_its_date_and_source_in_short_with_the_full_source_a_click_away(browser, site, size):
    page = open_page(browser, size, site + "/missions/minusma/?as_of=2016-07-31")
    source = page.locator(".counters--band .figure-source").first
    full = source.locator(".figure-source__full")

    assert source.locator("summary").inner_text() == "Jul 2016 · IPI"
    assert not full.is_visible()
    source.locator("summary").click()
    assert full.is_visible()
    assert full.inner_text().startswith("As of 31 July 2016. Source: UN troop and police contributors report")


def test_key_facts_sit_beside_the_text_on_a_laptop_and_under_it_on_a_phone(browser, site):
    boxes = {}
    for name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page = open_page(browser, size, site + "/missions/minusma/")
        boxes[name] = [page.locator(f"#{id}").bounding_box() for id in ("mandate", "key-facts")]
    (mandate, facts), (phone_mandate, phone_facts) = boxes["laptop"], boxes["phone"]

    assert facts["x"] > mandate["x"] + mandate["width"]
    assert mandate["y"] - 100 < facts["y"] < mandate["y"] + 100
    assert phone_facts["y"] > phone_mandate["y"] + phone_mandate["height"]


@SIZES
def test_the_home_cards_line_up_their_numbers(browser, site, size):
    page = open_page(browser, size, site + "/")

    tops = page.locator(".mission-card").evaluate_all(
        """cards => cards.map(card => [Math.round(card.getBoundingClientRect().top),
          [...card.querySelectorAll('.counter__number, .counter__value--unknown')]
            .map(n => Math.round(n.getBoundingClientRect().top))])"""
    )

    assert len(tops) == 2
    by_row = {}
    for card_top, number_tops in tops:
        assert len(set(number_tops)) == 1  # the three counters of a card
        by_row.setdefault(card_top, set()).update(number_tops)
    assert all(len(row) == 1 for row in by_row.values())  # the cards side by side
    assert len(by_row) == (1 if size is LAPTOP else 2)


def test_a_wide_table_scrolls_in_a_focusable_labelled_box_with_a_visible_cue_on_a_phone(browser, site):
    page = open_page(browser, PHONE, site + "/missions/minusma/casualties/")
    box = page.get_by_role("region", name="UN fatalities by year and type of incident")

    assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("e => getComputedStyle(e).backgroundImage").count("gradient") == 4
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle())


@pytest.mark.parametrize("path", COUNTER_PAGES)
def test_in_print_every_counter_shows_its_final_value_even_mid_count(browser, site, path):
    page = browser.new_page(viewport=LAPTOP)
    paused_clock(page)
    page.goto(site + path)
    # The count starts when the browser reports the band in view, on its own (real) time:
    # move the page's clock on until a band counter is caught between 0 and its final value.
    animated = page.locator(".counters--band [data-count]").count()
    for _ in range(40 if animated else 0):
        page.clock.run_for(50)
        if page.evaluate(MID_COUNT):
            break
    shown = page.locator(".counter__number").all_inner_texts()

    page.emulate_media(media="print")
    printed = page.locator(".counter__value:not(.counter__value--unknown)").evaluate_all(
        """values => values.map(value => [...value.querySelectorAll('span')]
          .filter(e => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 1)
          .map(e => e.textContent.replace(/\\D/g, '')).join('|'))"""
    )
    # The number the server wrote: what an animated counter counts to, or a still counter's own text.
    final = page.locator(".counter__value:not(.counter__value--unknown) .counter__number").evaluate_all(
        "numbers => numbers.map(n => n.dataset.count ?? n.textContent.replace(/\\D/g, ''))"
    )

    assert len(final) >= 2
    assert printed == final
    if "as_of" in path:
        assert shown[0] != "10,358"  # caught mid-count on screen, and yet printed in full
    assert bool(animated) == ("missions" in path)


def test_print_keeps_counters_charts_and_sources_with_their_addresses_but_not_the_navigation(browser, site):
    page = open_page(browser, LAPTOP, site + "/missions/minusma/?as_of=2016-07-31")
    page.emulate_media(media="print")

    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".as-of-form").is_visible()
    assert page.locator(".site-footer").is_visible()
    assert page.locator("#personnel svg:visible").count() == 1
    assert page.locator(".figure-source__full").first.is_visible()
    links = page.locator(".figure-source__full a, .site-footer a, .event__source a").evaluate_all(
        "links => links.map(a => [a.href, getComputedStyle(a, '::after').content])"
    )
    assert len(links) >= 5
    assert [href for href, after in links if f"<{href}>" not in after] == []
