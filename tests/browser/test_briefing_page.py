import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import paused_clock

BRIEFING = "/missions/minusma/?as_of=2016-07-31"
PAGES = [
    "/",
    BRIEFING,
    "/missions/minusma/timeline/",
    "/missions/minusma/casualties/",
    "/search/?q=Nampala",
    "/missions/minusma/embed/",
    "/no-such-page/",
]


def troops(page):
    return page.locator(".counter__number").first


def number_while_counting(page, counter):
    """The number a counter shows once it starts counting: moves the clock on in small steps, giving
    the browser real time between them to notice that the counter came into view."""
    final = counter.inner_text()
    for _ in range(40):
        page.wait_for_timeout(50)
        page.clock.run_for(50)
        if counter.inner_text() != final:
            return int(counter.inner_text().replace(",", ""))
    return int(final.replace(",", ""))


def test_a_counter_below_the_fold_keeps_its_final_value_then_counts_up_once_in_view(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 240})
    paused_clock(page)
    page.goto(site + BRIEFING)

    page.clock.run_for(3000)  # long enough for any count that had begun to end
    assert not page.evaluate("el => el.getBoundingClientRect().top < innerHeight", troops(page).element_handle())
    assert troops(page).inner_text() == "10,358"  # never 0 before it is seen

    troops(page).scroll_into_view_if_needed()
    assert 0 < number_while_counting(page, troops(page)) < 10358
    page.clock.run_for(2000)
    assert troops(page).inner_text() == "10,358"


def test_nothing_moves_while_the_counters_count_up(browser, site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    paused_clock(page)
    page.goto(site + BRIEFING)
    labels = page.locator(".counters--band .counter__label, .counters--band .figure-source, .mission-header__name")

    before = labels.evaluate_all("els => els.map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().top])")
    assert 0 < number_while_counting(page, troops(page)) < 10358
    after = labels.evaluate_all("els => els.map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().top])")

    assert len(before) == 6
    assert after == before


def test_with_reduced_motion_the_final_values_show_at_once(browser, site):
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 360, "height": 240})
    page = context.new_page()
    page.goto(site + BRIEFING)

    assert troops(page).inner_text() == "10,358"
    troops(page).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    assert troops(page).inner_text() == "10,358"


def test_screen_readers_get_the_final_number_not_the_animation(browser, site):
    page = browser.new_page()
    page.goto(site + BRIEFING)

    counter = page.locator(".counter").first
    expect(counter.locator(".counter__number")).to_have_attribute("aria-hidden", "true")
    expect(counter.locator(".counter__final")).to_have_text("10,358")
    expect(counter.locator(".counter__final")).not_to_have_attribute("aria-hidden", "true")


def test_the_page_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + BRIEFING)

    expect(troops(page)).to_have_text("10,358")
    page.get_by_role("link", name="The full timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("MINUSMA timeline")


def test_the_timeline_filter_works_without_javascript(browser, site):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(site + "/missions/minusma/timeline/")

    page.get_by_label("Show").select_option("attack")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(site + "/missions/minusma/timeline/?category=attack")
    expect(page.locator(".event")).to_have_count(4)
    expect(page.locator(".event").first).to_contain_text("Radisson Blu")


def test_the_date_picker_works_without_javascript_and_says_how_to_get_back_to_today(browser, site):
    page = browser.new_context(java_script_enabled=False).new_page()
    page.goto(site + "/missions/minusma/")

    page.get_by_label("See the mission as it stood on").fill("2014-12-31")
    page.get_by_role("button", name="Go").click()

    expect(page).to_have_url(site + "/missions/minusma/?as_of=2014-12-31")
    expect(troops(page)).to_have_text("8,461")
    expect(page.get_by_role("note")).to_contain_text("As of 31 December 2014: figures, events and casualties")
    page.get_by_role("link", name="See the latest").click()
    expect(page).to_have_url(site + "/missions/minusma/")
    expect(page.get_by_role("note")).to_have_count(0)


def test_keyboard_focus_is_visible_and_reaches_every_link(browser, site):
    page = browser.new_page()
    page.goto(site + BRIEFING)
    links = page.eval_on_selector_all(
        "a[href]", "els => els.filter(e => e.offsetParent !== null || e.matches('.skip-link')).map(e => e.href)"
    )

    reached, invisible = set(), []
    for _ in range(len(links) + 20):
        page.keyboard.press("Tab")
        target, outline = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return [e.href || e.tagName, s.outlineStyle === 'none' ? '' : s.outlineWidth]; }"
        )
        reached.add(target)
        if target != "BODY" and outline in ("", "0px"):
            invisible.append(target)

    assert set(links) <= reached
    assert invisible == []


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_accessibility_violations(browser, site, path):
    page = browser.new_page()
    page.goto(site + path)

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


def test_no_horizontal_scrolling_at_360_pixels(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    too_wide = []
    for path in PAGES:
        page.goto(site + path)
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            too_wide.append(path)
    assert too_wide == []


@pytest.mark.parametrize("language", ["", "/fr"])
def test_the_pages_log_no_errors_in_either_language(browser, site, language):
    page = browser.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    for path in PAGES[:-1]:  # the 404 page logs its own status, rightly
        page.goto(site + language + path)

    assert errors == []
