"""Browser tests: Debian's Chromium (launched as tests/conftest.py says) against pytest-django's live server."""

import pytest
from django.core.management import call_command


@pytest.fixture
def site(live_server, transactional_db):
    """The demo content served by a live server; returns the server's base URL."""
    call_command("load_demo", verbosity=0)
    return live_server.url
