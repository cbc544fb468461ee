"""Full-page screenshots of every public page at a phone's and a laptop's size, for looking at the
pages without a browser session.

    make screenshots
    .venv/bin/python scripts/screenshots.py [--out screenshots]

Serves the demo content (scripts/demo_server.py) and drives Chromium ($CHROMIUM, /usr/bin/chromium
by default) through Playwright. Files are named <page>-<width>x<height>.png.
"""

import argparse
import os
from pathlib import Path

from demo_server import BASE_DIR, demo_site
from playwright.sync_api import sync_playwright

PAGES = {
    "home": "/",
    "briefing": "/missions/minusma/",
    "briefing-2016": "/missions/minusma/?as_of=2016-07-31",
    "timeline": "/missions/minusma/timeline/",
    "casualties": "/missions/minusma/casualties/",
    "briefing-fr": "/fr/missions/minusma/",
    "minusca": "/missions/minusca/",
}
SIZES = [(390, 844), (1366, 900)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BASE_DIR / "screenshots", help="folder for the PNG files")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    with demo_site() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=["--no-sandbox", "--disable-gpu"]
        )
        for width, height in SIZES:
            # Reduced motion: the counters show their final numbers at once, as a reader would see them.
            page = browser.new_page(viewport={"width": width, "height": height}, reduced_motion="reduce")
            for name, path in PAGES.items():
                page.goto(url + path)
                target = args.out / f"{name}-{width}x{height}.png"
                page.screenshot(path=target, full_page=True)
                print(target.relative_to(BASE_DIR) if target.is_relative_to(BASE_DIR) else target)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
