"""`/healthz` tells a load balancer whether this app server reaches its database and cache, and when the worker ran."""

import socket
import time

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

from minusma.health import HEARTBEAT

pytestmark = pytest.mark.django_db


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: Connection refused")


def test_it_answers_ok_as_plain_uncached_text_with_no_session(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\nworker: not seen\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")


def test_it_answers_503_when_the_database_does_not(client):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert "no-store" in response["Cache-Control"]


def test_it_recovers_when_the_database_comes_back(client):
    with connection.execute_wrapper(refuse_every_query):
        assert client.get("/healthz").status_code == 503

    assert client.get("/healthz").status_code == 200


def test_head_works_and_other_methods_are_refused(client):
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_only_the_exact_address_is_the_health_check(client):
    assert client.get("/healthz/").status_code == 404
    assert client.get("/fr/healthz").status_code == 404


def test_it_says_when_the_worker_was_last_seen(client):
    cache.set(HEARTBEAT, time.time() - 3)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\nworker: last seen 3 s ago\n"


def test_a_worker_gone_for_an_hour_is_reported_but_does_not_fail_the_check(client):
    cache.set(HEARTBEAT, time.time() - 3600)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\nworker: last seen 3600 s ago\n"


def test_it_answers_503_when_the_cache_does_not(client, settings):
    # A real Redis client, pointed at a port where no Redis listens.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"cache unavailable\n"
    assert "no-store" in response["Cache-Control"]


def test_a_cache_that_hangs_fails_the_check_within_its_timeout(client, settings):
    # Connections are accepted (the listen backlog) but nothing ever answers, as with a stuck Redis.
    with socket.socket() as stuck:
        stuck.bind(("127.0.0.1", 0))
        stuck.listen()
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{stuck.getsockname()[1]}/0",
                # What the README's CACHE_URL sets (?socket_connect_timeout=2&socket_timeout=2), shorter.
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        started = time.monotonic()
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.content == b"cache unavailable\n"
    assert time.monotonic() - started < 2
