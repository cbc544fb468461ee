"""An editor's day in a real browser: the rich-text editor under the CSP, publishing, the hero image."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from missions.models import Mission
from tests.browser.helpers import log_in
from tests.helpers import make_staff


def csp_errors(page):
    """Console messages about the Content-Security-Policy, collected from now on."""
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else None
    )
    return errors


def test_a_publisher_writes_bold_text_publishes_and_the_public_sees_it(browser, site):
    Mission.objects.filter(acronym="MINUSMA").update(status="draft")
    make_staff("pat", group="Publisher")
    page = browser.new_page()
    errors = csp_errors(page)
    log_in(page, site, "pat")

    mission = Mission.objects.get(acronym="MINUSMA")
    response = page.goto(f"{site}/admin/missions/mission/{mission.pk}/change/")
    policy = response.headers["content-security-policy"]
    editor = page.locator(".prose-editor", has=page.locator("#id_mandate")).get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+b")
    page.keyboard.type("Protecting civilians comes first")
    page.keyboard.press("Control+b")
    page.keyboard.type(" in every task.")
    page.get_by_role("group", name="Publication").get_by_label("Status:").select_option("published")
    page.get_by_role("button", name="Save", exact=True).last.click()  # the row under the form (one on top too)
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    public = browser.new_page()  # another browser context: not signed in
    public.goto(site + "/missions/minusma/")
    expect(public.locator("#mandate strong")).to_have_text("Protecting civilians comes first")
    expect(public.locator("#mandate")).to_contain_text("Protecting civilians comes first in every task.")
    assert "'nonce-" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert errors == []


def test_an_editor_sees_their_draft_in_preview_and_the_public_does_not(browser, site):
    Mission.objects.filter(acronym="MINUSMA").update(status="draft")
    make_staff("erin", group="Editor")
    page = browser.new_page()
    log_in(page, site, "erin")

    page.goto(site + "/missions/minusma/")
    expect(page.get_by_text("Draft preview — not public")).to_be_visible()
    assert browser.new_page().goto(site + "/missions/minusma/").status == 404


def test_the_briefing_with_a_hero_image_is_accessible_and_does_not_jump(browser, site, serve_minusma_hero):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    serve_minusma_hero(page)
    page.goto(site + "/missions/minusma/?as_of=2016-07-31")

    hero = page.get_by_role("img", name="Peacekeepers on patrol near Gao")
    expect(hero).to_be_visible()
    box_before = hero.bounding_box()
    page.wait_for_function("document.querySelector('.hero__image').complete")
    assert page.evaluate("document.querySelector('.hero__image').currentSrc").endswith("-1600w.webp")
    assert hero.bounding_box()["height"] == pytest.approx(box_before["height"], abs=1)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
