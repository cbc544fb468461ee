"""Every public page is valid HTML, in English and French: the W3C Nu HTML Checker finds no error.

The checker is npm's `vnu-jar`, run with Java. `make test` installs both and runs this test with the
rest; `make validate-html` runs it alone.
"""

import json
import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import translation

from missions.models import Mission

pytestmark = pytest.mark.django_db

VNU = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MISSION_PAGES = ["", "?as_of=2016-07-31", "timeline/", "timeline/?category=attack", "casualties/"]
OTHER_PAGES = {"/": 200, "/missions/minusma/?as_of=31-07-2016": 400, "/no-such-page/": 404}
# A page known to be invalid, to prove that the checker reads the files it is given.
CANARY = '<!doctype html><html lang="en"><title>x</title><form action=""></form></html>'


def public_pages():
    pages = dict(OTHER_PAGES)
    for mission in Mission.objects.published():
        with translation.override("en"):  # whatever language an earlier test left active
            pages |= {mission.get_absolute_url() + page: 200 for page in MISSION_PAGES}
    return {language + path: status for language in ("", "/fr") for path, status in pages.items()}


def test_every_public_page_is_valid_html_in_both_languages(client, demo, tmp_path):
    if not VNU.exists() or not shutil.which("java"):
        pytest.fail("The Nu HTML Checker needs node_modules/vnu-jar and Java: run `make validate-html`.")
    files = {tmp_path / "canary.html": "canary"}
    (tmp_path / "canary.html").write_text(CANARY)
    for number, (path, status) in enumerate(public_pages().items()):
        response = client.get(path)
        assert response.status_code == status, path
        (tmp_path / f"page-{number}.html").write_bytes(response.content)
        files[tmp_path / f"page-{number}.html"] = path

    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )

    by_url = {file.as_uri().replace("file:///", "file:/"): path for file, path in files.items()}
    errors = {}
    for message in json.loads(checked.stderr)["messages"]:
        page = by_url.get(message.get("url"), message.get("url"))
        errors.setdefault(page, []).append(f"line {message.get('lastLine')}: {message['message']}")
    assert errors.pop("canary") == ["line 1: Bad value “” for attribute “action” on element “form”: Must be non-empty."]
    assert len(files) > 20
    assert errors == {}
