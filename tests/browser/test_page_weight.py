"""What a reader's browser downloads for a briefing: under 50 KB in at most four requests, all from the
site itself (the page, its stylesheet, its script and the icon); a hero image adds one rendition that
fits the screen, not every size.

Sizes are what crosses the network, with the page served as readers get it (kept and compressed by
the page cache). The test server sends static files uncompressed, which production does not: the
stylesheet and script count here at their full size."""

import pytest

BUDGET_BYTES = 50 * 1024
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 3600


def downloads(page, url):
    """[(address, bytes)] of every response the page loads, as many bytes as crossed the network."""
    loaded = []
    page.on("requestfinished", lambda request: loaded.append((request.url, request.sizes()["responseBodySize"])))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return loaded


@pytest.mark.parametrize("language", ["", "/fr"])
def test_without_a_hero_image_the_briefing_is_under_50_kb_in_four_requests_from_the_site(browser, site, language):
    loaded = downloads(browser.new_page(viewport=PHONE), site + language + "/missions/minusma/")

    assert len(loaded) <= 4, loaded
    assert [url for url, _size in loaded if not url.startswith(site + "/")] == []
    assert sum(size for _url, size in loaded) < BUDGET_BYTES, loaded
    (page_size,) = [size for url, size in loaded if url.endswith("/missions/minusma/")]
    assert page_size <= 8 * 1024, loaded  # the page itself, compressed


def test_a_hero_image_adds_one_rendition_sized_for_the_screen(browser, site, serve_minusma_hero):
    page = browser.new_page(viewport=PHONE)
    serve_minusma_hero(page)

    loaded = downloads(page, site + "/missions/minusma/")

    media = [url for url, _size in loaded if "/media/" in url]
    assert len(loaded) <= 5
    assert len(media) == 1 and media[0].endswith("-480w.webp")
