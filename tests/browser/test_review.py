"""Review in a real browser: an Editor proposes, readers keep the published version until a Publisher publishes."""

from playwright.sync_api import expect

from missions.models import Mission
from tests.browser.helpers import log_in
from tests.helpers import make_staff
from timeline.models import Event

TITLE = "Attack on the MINUSMA camp at Nampala"


def reader_sees(browser, url, text):
    page = browser.new_page()  # a context of its own: not signed in
    page.goto(url)
    found = text in page.content()
    page.close()
    return found


def publish_from_the_queue(page, site, item):
    page.goto(site + "/admin/editorial/revision/?status__exact=pending")
    page.get_by_role("link", name=item).click()
    page.get_by_role("button", name="Publish (or schedule)").click()
    expect(page.locator(".messagelist")).to_contain_text("Published")


def test_an_editors_new_title_reaches_readers_only_once_a_publisher_publishes_it(browser, site):
    make_staff("erin", group="Editor")
    make_staff("pat", group="Publisher")
    event = Event.objects.get(place="Nampala")
    timeline = site + "/missions/minusma/timeline/"
    editor, publisher = browser.new_page(), browser.new_page()
    log_in(editor, site, "erin")
    log_in(publisher, site, "pat")

    editor.goto(f"{site}/admin/timeline/event/{event.pk}/change/")
    editor.get_by_label("Title:").fill(TITLE)
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("Sent for review")
    assert not reader_sees(browser, timeline, TITLE)

    publisher.goto(site + "/admin/")
    publisher.get_by_text("1 change waits for your review.").click()
    publisher.get_by_role("link", name=str(event)).click()
    expect(publisher.locator(".history-changes")).to_contain_text(TITLE)
    publisher.get_by_role("button", name="Publish (or schedule)").click()
    expect(publisher.locator(".messagelist")).to_contain_text("Published")

    assert reader_sees(browser, timeline, TITLE)


def test_a_new_personnel_report_is_public_only_once_published(browser, site):
    make_staff("erin", group="Editor")
    make_staff("pat", group="Publisher")
    mission = Mission.objects.get(acronym="MINUSMA")
    editor, publisher = browser.new_page(), browser.new_page()
    log_in(editor, site, "erin")
    log_in(publisher, site, "pat")

    editor.goto(f"{site}/admin/missions/personnelreport/add/?mission={mission.pk}")
    editor.get_by_label("As of:").fill("2016-08-31")
    editor.get_by_label("Troops:").fill("12345")
    editor.get_by_label("Source:", exact=True).fill("UN troop and police contributors report")
    editor.get_by_role("button", name="Save and submit for review").click()
    expect(editor.locator(".messagelist")).to_contain_text("Sent for review")
    assert not reader_sees(browser, site + "/missions/minusma/?as_of=2016-08-31", "12,345")

    publish_from_the_queue(publisher, site, "MINUSMA 2016-08-31")

    assert reader_sees(browser, site + "/missions/minusma/?as_of=2016-08-31", "12,345")


def test_the_mission_form_fits_a_laptop_screen(browser, site):
    make_staff("pat", group="Publisher")
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, site, "pat")
    mission = Mission.objects.get(acronym="MINUSMA")

    page.goto(f"{site}/admin/missions/mission/{mission.pk}/change/")
    expect(page.locator(".prose-editor", has=page.locator("#id_mandate")).get_by_role("textbox")).to_be_visible()
    width, height = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")

    assert width <= 1366
    assert height < 3000
    expect(page.get_by_role("link", name="Personnel reports (37)")).to_be_visible()
    # The block-type menu's arrow is drawn, not a character the fonts may lack.
    arrow = page.evaluate("getComputedStyle(document.querySelector('.prose-menubar__selected'), '::after').content")
    assert arrow == '""'


def test_the_link_dialog_says_add_link_for_a_new_link(browser, site):
    make_staff("pat", group="Publisher")
    page = browser.new_page()
    log_in(page, site, "pat")
    event = Event.objects.get(place="Nampala")

    page.goto(f"{site}/admin/timeline/event/{event.pk}/change/")
    editor = page.locator(".prose-editor", has=page.locator("#id_body")).get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+k")

    dialog = page.locator(".prose-editor-dialog")
    expect(dialog.locator(".prose-editor-dialog-title")).to_have_text("Add link")
    expect(dialog.get_by_role("button", name="Add link")).to_be_visible()
