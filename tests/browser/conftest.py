"""Browser tests: Debian's Chromium (launched as tests/conftest.py says) against pytest-django's live server."""

import pytest


@pytest.fixture
def site(live_server, transactional_db, demo_snapshot):
    """The demo content served by a live server; returns the server's base URL."""
    demo_snapshot.restore()
    return live_server.url
