"""The admin works in a real browser under the site's Content-Security-Policy, with no violation."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from playwright.sync_api import expect

from missions.models import Mission
from tests.security.conftest import PASSWORD

# Every violation of the policy, as the browser reports it to the page.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.cspViolations.push(`${event.violatedDirective} blocked ${blocked} in ${event.sourceFile}`);
});
"""


@pytest.fixture
def admin_page(live_server, transactional_db, browser, demo_snapshot):
    demo_snapshot.restore()
    get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
    page = browser.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_be_visible()
    page.console = console
    page.base = live_server.url
    yield page
    page.close()


def violations(page):
    found = page.evaluate("window.cspViolations")
    return found + [text for text in page.console if "Content Security Policy" in text]


def test_the_admin_forms_and_their_scripts_work_without_any_violation(admin_page):
    page = admin_page
    seen = []
    page.goto(page.base + "/admin/")
    seen += violations(page)

    page.goto(page.base + "/admin/missions/mission/")
    page.check("#action-toggle")  # actions.js selects every row
    expect(page.locator(".action-counter")).to_contain_text("selected")
    seen += violations(page)

    page.goto(page.base + "/admin/missions/mission/add/")
    page.locator("#id_acronym").press_sequentially("UNMISS")  # prepopulate.js fills in the web address
    expect(page.locator("#id_slug")).to_have_value("unmiss")
    page.get_by_role("button", name="Add another Personnel report").click()  # inlines.js adds a row
    page.locator("summary", has_text="Key facts").click()  # a collapsed fieldset opens
    page.locator("#id_started_on ~ .datetimeshortcuts a").first.click()  # DateTimeShortcuts.js: "Today"
    expect(page.locator("#id_started_on")).not_to_have_value("")
    seen += violations(page)

    minusma = Mission.objects.get(acronym="MINUSMA")
    page.goto(page.base + f"/admin/missions/mission/{minusma.pk}/change/")
    expect(page.locator("#id_acronym")).to_have_value("MINUSMA")
    seen += violations(page)

    page.goto(page.base + "/admin/timeline/event/add/")
    seen += violations(page)

    assert seen == []


def test_a_violation_would_be_seen(admin_page):
    page = admin_page
    page.goto(page.base + "/admin/")

    page.evaluate("document.body.setAttribute('style', 'color: red')")  # inline style: refused by style-src

    expect(page.locator("body")).not_to_have_css("color", "rgb(255, 0, 0)")
    page.wait_for_function("window.cspViolations.length > 0")
    assert any("style-src" in violation for violation in violations(page))


def test_html_stored_around_every_form_reaches_the_editor_clean(admin_page):
    """Raw SQL skips the field's cleaning; the editor widget still gets only allowlisted HTML, so
    Chromium never even tries to run a handler (which the policy would then have to block)."""
    minusma = Mission.objects.get(acronym="MINUSMA")
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Mission._meta.db_table} SET mandate = %s, background = %s WHERE id = %s",
            ['<p>Mandate</p><img src=x onerror="alert(1)">', '<p onclick="alert(2)">Background</p>', minusma.pk],
        )
    page = admin_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    page.goto(page.base + f"/admin/missions/mission/{minusma.pk}/change/")
    expect(page.locator(".ProseMirror", has_text="Mandate")).to_have_count(1)
    expect(page.locator(".ProseMirror", has_text="Background")).to_have_count(1)
    page.wait_for_timeout(300)

    assert violations(page) == []
    assert dialogs == []
