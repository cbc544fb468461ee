"""The briefing page's own CSS and JS stay small: under 30 KB together, uncompressed."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 30 * 1024


def test_the_briefing_page_loads_under_30_kb_of_its_own_css_and_js(client, demo):
    html = client.get("/missions/minusma/").content.decode()
    assets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)
    assets += re.findall(r'<script[^>]* src="/static/([^"]+)"', html)

    sizes = {asset: Path(finders.find(asset)).stat().st_size for asset in assets}

    assert {"css/main.css", "js/counters.js"} <= set(sizes)
    assert sum(sizes.values()) < BUDGET_BYTES, sizes


def test_nothing_is_loaded_from_other_sites(client, demo):
    html = client.get("/missions/minusma/").content.decode()
    external = re.findall(r'<(?:link|script|img)[^>]+(?:href|src)="(https?://[^"]+)"', html)
    assert [url for url in external if not url.startswith("http://127.0.0.1:8000/")] == []
