"""Every kind of response carries the same protective headers: pages, admin, errors, refusals."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.security.conftest import PASSWORD, csp_directives

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.failing_urls")]

FIXED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def public_page(client, missions):
    return client.get("/")


def french_mission_page(client, missions):
    return client.get("/fr/missions/minusma/")


def timeline_page(client, missions):
    return client.get(reverse("pages:timeline", kwargs={"slug": "minusma"}))


def admin_login(client, missions):
    return client.get(reverse("admin:login"))


def admin_change_form(client, missions, editor):
    client.force_login(editor)
    return client.get(reverse("admin:missions_mission_change", args=[missions[0].pk]))


def admin_changelist(client, missions, editor):
    client.force_login(editor)
    return client.get(reverse("admin:missions_mission_changelist"))


def not_found(client, missions):
    return client.get("/missions/no-such-mission/")


def admin_not_found(client, missions, editor):
    client.force_login(editor)
    return client.get("/admin/missions/no-such-page/")


def server_error(client, missions):
    return Client(raise_request_exception=False).get("/failing-view/")


def bad_host(client, missions):
    return Client(raise_request_exception=False).get("/", HTTP_HOST="attacker.example")


def csrf_refusal(client, missions):
    return Client(enforce_csrf_checks=True).post(reverse("admin:login"), {"username": "a", "password": "b"})


def too_large(client, missions):
    return client.post(reverse("admin:login"), data=b"x" * (11 * 1024 * 1024), content_type="text/plain")


def lockout(client, missions, editor):
    for _ in range(5):
        response = client.post(reverse("admin:login"), {"username": "editor", "password": "wrong"})
    return response


RESPONSES = {
    public_page: 200,
    french_mission_page: 200,
    timeline_page: 200,
    admin_login: 200,
    admin_change_form: 200,
    admin_changelist: 200,
    not_found: 404,
    admin_not_found: 404,
    server_error: 500,
    bad_host: 400,
    csrf_refusal: 403,
    too_large: 413,
    lockout: 429,
}


PUBLIC = {public_page, french_mission_page, timeline_page, not_found, server_error}


@pytest.mark.parametrize("make_response", RESPONSES, ids=lambda f: f.__name__)
def test_every_response_carries_the_protective_headers(client, missions, editor, make_response):
    arguments = (client, missions, editor) if "editor" in make_response.__code__.co_varnames else (client, missions)

    response = make_response(*arguments)

    assert response.status_code == RESPONSES[make_response]
    assert {name: response.get(name) for name in FIXED_HEADERS} == FIXED_HEADERS
    permissions = response["Permissions-Policy"].split(", ")
    assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(permissions)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    directives = csp_directives(csp)
    assert directives["default-src"] == ["'self'"]
    # A page may add a nonce for one inline script or style of its own; nothing else is trusted.
    for kind in ("script-src", "style-src"):
        assert directives[kind][0] == "'self'"
        assert all(source.startswith("'nonce-") for source in directives[kind][1:])
    if make_response in PUBLIC:
        assert directives["script-src"] == directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


def test_the_admin_pages_load_their_scripts_and_styles_from_the_site_itself(client, missions, editor):
    client.force_login(editor)
    page = client.get(reverse("admin:missions_mission_change", args=[missions[0].pk])).content.decode()

    assert '<script src="/static/admin/js/' in page
    assert "<script>" not in page and "<style>" not in page and ' style="' not in page


def test_logging_in_with_the_right_password_still_works(client, editor):
    response = client.post(reverse("admin:login"), {"username": "editor", "password": PASSWORD})

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200
