"""What several browser tests do: log in as staff, stop the page's clock."""

import time

from playwright.sync_api import expect

PASSWORD = "pw"  # tests.helpers.make_staff's


def log_in(page, site, username):
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Briefings to keep current")).to_be_visible()


def paused_clock(page):
    """Stops the page's clock before it loads, so that a test moves animations on when it says."""
    now = time.time() * 1000
    page.clock.install(time=now)
    page.clock.pause_at(now + 1000)
