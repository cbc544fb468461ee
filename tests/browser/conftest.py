"""Browser tests: Debian's Chromium (launched as tests/conftest.py says) against pytest-django's live server."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from editorial import images
from missions.models import Mission
from tests.helpers import image_bytes


@pytest.fixture
def site(live_server, transactional_db, demo_snapshot):
    """The demo content served by a live server; returns the server's base URL."""
    demo_snapshot.restore()
    return live_server.url


@pytest.fixture
def serve_minusma_hero(site, settings, tmp_path):
    """MINUSMA with a 2400×1200 hero image stored in a temporary MEDIA_ROOT. Returns `serve(page)`, which
    hands the page the uploaded files (the test server serves static files only)."""
    settings.MEDIA_ROOT = media_root = tmp_path / "media"
    clean = images.clean_upload(SimpleUploadedFile("patrol.jpg", image_bytes("JPEG", (2400, 1200))))
    name, renditions = images.store(clean, folder="heroes")
    Mission.objects.filter(acronym="MINUSMA").update(
        hero_image=name,
        hero_renditions=renditions,
        hero_width=clean.width,
        hero_height=clean.height,
        hero_alt="Peacekeepers on patrol near Gao",
    )

    def serve(page):
        def fulfill(route):
            route.fulfill(path=str(media_root / route.request.url.split("/media/")[1]))

        page.route("**/media/**", fulfill)

    return serve
