"""Error pages tell a reader what happened and never how the site is built."""

import pytest
from django.conf import settings
from django.test import Client

from tests.security.failing_urls import SECRET_DETAIL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.failing_urls")]

# What Django's debug pages show: the traceback, the settings and where the code lives.
GIVEAWAYS = ("Traceback", "RuntimeError", SECRET_DETAIL, "SECRET_KEY", "INSTALLED_APPS", "DATABASES", "site-packages")


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


def giveaways(response):
    page = response.content.decode()
    return [text for text in (*GIVEAWAYS, str(settings.BASE_DIR)) if text in page]


def test_a_failing_page_is_a_plain_500(reader):
    response = reader.get("/failing-view/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert giveaways(response) == []


@pytest.mark.parametrize("url", ["/no-such-page/", "/missions/no-such-mission/", "/fr/missions/nope/timeline/"])
def test_a_missing_page_is_a_plain_404(reader, url):
    response = reader.get(url)

    assert response.status_code == 404
    assert giveaways(response) == []
    assert "Using the URLconf" not in response.content.decode()


def test_a_foreign_host_header_is_a_plain_400(reader):
    response = reader.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert giveaways(response) == []
    assert "ALLOWED_HOSTS" not in response.content.decode()
