"""The embeddable counters: another site frames them; the briefing page itself stays unframeable."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect


class PartnerPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = self.server.html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner():
    """A partner's site on another origin (127.0.0.1 and its own port; the live server is on localhost).
    A real local server, not request interception: Chromium refuses a public page framing a local one."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PartnerPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def open_partner_page(browser, partner, frames):
    partner.html = "<!doctype html>" + "".join(
        f'<iframe id="{name}" src="{url}" title="{name}" width="600" height="300"></iframe>' for name, url in frames
    )
    context = browser.new_context()
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"http://127.0.0.1:{partner.server_port}/")
    return context, page, console


def test_another_site_can_frame_the_counters_and_gets_no_cookie(browser, site, partner):
    context, page, console = open_partner_page(
        browser, partner, [("embed", f"{site}/missions/minusma/embed/?as_of=2014-12-31")]
    )
    counters = page.frame_locator("#embed")

    expect(counters.locator(".counter__number").first).to_have_text("8,461")
    expect(counters.locator(".counter__source").first).to_contain_text("As of 31 December 2014")
    expect(counters.get_by_role("link", name="The full briefing on Peacekeeping Briefings")).to_have_attribute(
        "href", "http://127.0.0.1:8000/missions/minusma/"
    )
    assert context.cookies() == []
    assert [message for message in console if "Content Security Policy" in message or "Refused" in message] == []


def test_the_briefing_page_refuses_to_be_framed(browser, site, partner):
    _context, page, console = open_partner_page(
        browser, partner, [("briefing", f"{site}/missions/minusma/"), ("embed", f"{site}/missions/minusma/embed/")]
    )

    expect(page.frame_locator("#embed").locator(".counter__number").first).to_be_visible()
    refused = lambda text: "frame-ancestors" in text  # noqa: E731
    if not any(refused(message) for message in console):  # Chromium logs the refusal when the frame's answer comes
        page.wait_for_event("console", predicate=lambda message: refused(message.text))
    expect(page.frame_locator("#briefing").locator("body")).not_to_contain_text("Mission Mandate")
