"""What an administrator's environment variables do, seen in a fresh process with production settings."""

import pytest

from tests.ops.processes import copy_database, manage, production_env, run_json

# Requests made inside the child with Django's test client; prints one JSON object.
PROBE = """
import json
from django.conf import settings
from django.test import Client

def probe(path, **headers):
    response = Client().get(path, **headers)
    cookie = response.cookies.get("csrftoken")
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "hsts": response.get("Strict-Transport-Security"),
        "csp": response.get("Content-Security-Policy"),
        "secure_cookie": bool(cookie and cookie["secure"]),
    }

print(json.dumps({
    "debug": settings.DEBUG,
    "plain": probe("/admin/login/"),
    "forwarded_https": probe("/admin/login/", HTTP_X_FORWARDED_PROTO="https"),
    "health_by_address": probe("/healthz", HTTP_HOST="10.0.0.5:8000"),
}))
"""


@pytest.fixture
def probe(tmp_path, static_root, migrated_sqlite):
    copy_database(migrated_sqlite, tmp_path / "db.sqlite3")

    def probe(code=PROBE, **env):
        return run_json(
            code, production_env(tmp_path, DJANGO_ALLOWED_HOSTS="testserver", DJANGO_STATIC_ROOT=static_root, **env)
        )

    return probe


def test_without_a_secret_key_production_refuses_to_start_and_says_why(tmp_path):
    for missing in (None, ""):
        child = manage("check", env=production_env(tmp_path, DJANGO_SECRET_KEY=missing))

        assert child.returncode != 0
        assert "DJANGO_SECRET_KEY is not set, and debug is off" in child.stderr


def test_debug_is_off_unless_django_debug_is_true(probe):
    assert probe()["debug"] is False
    assert probe(DJANGO_DEBUG="false")["debug"] is False
    assert probe(DJANGO_DEBUG="true", DJANGO_SECRET_KEY=None)["debug"] is True


def test_the_deployment_checklist_passes_behind_a_tls_proxy(tmp_path):
    env = production_env(tmp_path, DJANGO_BEHIND_PROXY="true", DJANGO_ALLOWED_HOSTS="briefings.example.org")

    child = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert child.returncode == 0, child.stderr
    assert "no issues" in child.stdout


def test_the_deployment_checklist_fails_when_nothing_serves_https(tmp_path):
    env = production_env(tmp_path, DJANGO_ALLOWED_HOSTS="briefings.example.org")

    child = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert child.returncode != 0
    assert "security.W008" in child.stderr  # SECURE_SSL_REDIRECT
    assert "security.W012" in child.stderr  # SESSION_COOKIE_SECURE


def test_behind_a_proxy_plain_http_is_redirected_and_https_gets_hsts_and_secure_cookies(probe):
    seen = probe(DJANGO_BEHIND_PROXY="true")

    assert seen["plain"]["status"] == 301
    assert seen["plain"]["location"] == "https://testserver/admin/login/"
    assert seen["forwarded_https"]["status"] == 200
    assert seen["forwarded_https"]["hsts"] == "max-age=31536000; includeSubDomains"
    assert seen["forwarded_https"]["secure_cookie"] is True
    assert "upgrade-insecure-requests" in seen["forwarded_https"]["csp"]


def test_without_a_proxy_a_forwarded_https_header_is_not_believed(probe):
    seen = probe()

    assert seen["plain"]["status"] == 200
    for answer in (seen["plain"], seen["forwarded_https"]):
        assert answer["hsts"] is None
        assert answer["secure_cookie"] is False


def test_the_health_check_answers_a_probe_by_address_over_plain_http_even_behind_a_proxy(probe):
    for env in ({}, {"DJANGO_BEHIND_PROXY": "true"}):
        assert probe(**env)["health_by_address"]["status"] == 200


def test_an_image_origin_from_the_environment_joins_the_content_security_policy(probe):
    csp = probe(DJANGO_CSP_IMG_SRC="https://media.example.org")["plain"]["csp"]

    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["img-src"] == "'self' https://media.example.org"
    assert directives["script-src"] == "'self'"


def test_an_image_origin_that_is_not_an_origin_stops_the_start_with_a_clear_message(tmp_path):
    child = manage("check", env=production_env(tmp_path, DJANGO_CSP_IMG_SRC="media.example.org/images"))

    assert child.returncode != 0
    assert "DJANGO_CSP_IMG_SRC: 'media.example.org/images' is not an origin" in child.stderr


# A briefing with a hero image already stored, read back as a reader gets it.
HERO = """
import json, re
from django.test import Client
from tests.helpers import make_mission

renditions = [{"width": 480, "height": 240, "name": "heroes/patrol-480w.webp"}]
make_mission(hero_image="heroes/patrol.jpg", hero_alt="Patrol", hero_width=480, hero_height=240,
             hero_renditions=renditions)
response = Client().get("/missions/minusma/")
print(json.dumps({
    "status": response.status_code,
    "srcset": re.search(r'srcset="([^"]*)"', response.content.decode()).group(1),
    "csp": response["Content-Security-Policy"],
}))
"""


def hero_page(probe, **env):
    found = probe(code=HERO, **env)
    assert found["status"] == 200
    directives = dict(part.strip().split(" ", 1) for part in found["csp"].split(";"))
    return found["srcset"], directives["img-src"]


def test_by_default_media_are_files_on_this_site(probe):
    srcset, img_src = hero_page(probe)

    assert srcset == "/media/heroes/patrol-480w.webp 480w"
    assert img_src == "'self'"


def test_with_a_bucket_pages_link_media_at_its_public_address_which_the_policy_allows(probe):
    srcset, img_src = hero_page(
        probe,
        DJANGO_S3_BUCKET="briefings-media",
        DJANGO_MEDIA_URL="https://media.example.org/briefings",
    )

    assert srcset == "https://media.example.org/briefings/heroes/patrol-480w.webp 480w"
    assert img_src == "'self' https://media.example.org"


def test_a_bucket_without_its_public_address_stops_the_start_with_a_clear_message(tmp_path):
    child = manage("check", env=production_env(tmp_path, DJANGO_S3_BUCKET="briefings-media"))

    assert child.returncode != 0
    assert "DJANGO_S3_BUCKET is set, so DJANGO_MEDIA_URL must be the address" in child.stderr
