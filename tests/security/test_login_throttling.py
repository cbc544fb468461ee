"""Five failed logins lock that username out from that address, and say so without naming accounts."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.security.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
LOCKED = "Too many failed logins"


def attempt(client, username, password="wrong password", **headers):
    return client.post(LOGIN, {"username": username, "password": password}, **headers)


def fail_five_times(client, username, **headers):
    return [attempt(client, username, **headers) for _ in range(5)]


def is_logged_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def test_four_failures_keep_the_ordinary_login_form(client, editor):
    for _ in range(4):
        response = attempt(client, "editor")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()


def test_the_fifth_failure_locks_the_account_even_against_the_right_password(client, editor):
    responses = fail_five_times(client, "editor")

    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    page = responses[-1].content.decode()
    assert LOCKED in page
    assert "paused for 15 minutes" in page
    right_password = attempt(client, "editor", PASSWORD)
    assert right_password.status_code == 429
    assert LOCKED in right_password.content.decode()
    assert not is_logged_in(client)


def test_the_lockout_page_is_the_same_for_an_unknown_username(client, editor):
    known = fail_five_times(client, "editor")[-1]
    unknown = fail_five_times(client, "nobody-by-this-name")[-1]

    assert unknown.status_code == known.status_code == 429
    assert unknown.content == known.content
    assert b"editor" not in known.content


def test_the_lock_is_for_that_username_from_that_address_only(client, editor):
    fail_five_times(client, "editor", REMOTE_ADDR="203.0.113.7")

    assert attempt(client, "someone-else", REMOTE_ADDR="203.0.113.7").status_code == 200
    assert attempt(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302
    assert is_logged_in(client)


def test_an_administrator_can_lift_a_lock_early(client, editor):
    fail_five_times(client, "editor")

    call_command("axes_reset_username", "editor", verbosity=0)

    assert attempt(client, "editor", PASSWORD).status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_header_does_not_escape_the_lock(client, editor, settings):
    settings.BEHIND_PROXY = False
    for number in range(5):
        attempt(client, "editor", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")

    response = attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert response.status_code == 429


def test_behind_a_proxy_each_client_is_told_apart_by_the_address_the_proxy_saw(client, editor, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    # The client wrote the left part itself; nginx appended the address it really saw.
    for number in range(5):
        attempt(client, "editor", HTTP_X_FORWARDED_FOR=f"10.9.9.{number}, 203.0.113.7", **proxy)

    assert attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy).status_code == 429
    other_reader = attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)
    assert other_reader.status_code == 302


def test_behind_two_proxies_the_client_is_the_second_address_from_the_right(client, editor, settings):
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 2
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(5):
        attempt(client, "editor", HTTP_X_FORWARDED_FOR=f"10.9.9.{number}, 203.0.113.7, 10.0.0.1", **balancer)

    locked = attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1", **balancer)
    assert locked.status_code == 429
    other = attempt(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20, 10.0.0.1", **balancer)
    assert other.status_code == 302


def test_many_usernames_from_one_address_lock_that_address(client, editor, settings):
    """One password tried on forty usernames: the per-username lock never triggers, the address limit does."""
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 30
    address = {"REMOTE_ADDR": "203.0.113.50"}

    codes = [attempt(client, f"user{number}", **address).status_code for number in range(40)]

    assert codes[:29] == [200] * 29
    assert set(codes[29:]) == {429}
    assert attempt(client, "editor", PASSWORD, **address).status_code == 429
    assert attempt(client, "editor", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_an_office_behind_one_address_survives_a_few_typos(client, editor, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 30
    office = {"REMOTE_ADDR": "203.0.113.60"}
    for colleague in ("ama", "bruno", "chen", "dita"):
        for _ in range(4):
            attempt(client, colleague, **office)

    assert attempt(client, "editor", PASSWORD, **office).status_code == 302
