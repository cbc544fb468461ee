"""`/healthz` tells a load balancer whether this app server can reach its database."""

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("connection to server failed: Connection refused")


def test_it_answers_ok_as_plain_uncached_text_with_no_session(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
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
