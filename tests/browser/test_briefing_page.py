import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

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


def test_counters_count_up_to_their_final_values_once_scrolled_into_view(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 240})
    page.goto(site + BRIEFING)

    expect(troops(page)).to_have_text("0")  # below the fold: not started yet
    troops(page).scroll_into_view_if_needed()

    expect(troops(page)).to_have_text("10,358", timeout=5000)
    police = page.locator(".counter__number").nth(1)
    police.scroll_into_view_if_needed()
    expect(police).to_have_text("1,295", timeout=5000)


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
    expect(counter.locator(".visually-hidden")).to_have_text("10,358")


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
