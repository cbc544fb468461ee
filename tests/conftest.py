import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.demo_snapshot import DemoSnapshot

# Browser tests (tests/browser/, tests/security/): Debian's Chromium driven by Playwright.
# Playwright's sync API runs an event loop in the test thread; the database calls made
# by fixtures in that thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Without the background-networking flags Chromium keeps calling home, which a closed
# network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make browser` or set CHROMIUM. Browser tests never skip.")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def close_browser_pages(request):
    """A browser test's pages are closed when it ends. Left open, each keeps its HTTP connections to the
    live server, and each of those a server thread holding a database connection: on PostgreSQL,
    about a hundred tests later, "too many clients"."""
    yield
    if "browser" in request.fixturenames:
        for context in request.getfixturevalue("browser").contexts:
            context.close()


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache, as a freshly started site does."""
    cache.clear()


@pytest.fixture(autouse=True)
def english():
    """Every test starts in English: a French page requested by an earlier test leaves French active
    in the thread, and the messages a later test reads would depend on which tests ran before it."""
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return DemoSnapshot.take()


@pytest.fixture
def demo(db, demo_snapshot):
    """The demo content, as `make run` loads it (copied from the session's one load)."""
    demo_snapshot.restore()
