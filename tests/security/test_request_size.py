"""Oversized requests are refused with a clear 400 or 413 and change nothing; normal ones pass."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from missions.models import Mission
from tests.helpers import mission_form

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def editor_client(editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    return client


def test_an_upload_over_ten_megabytes_is_refused_with_413_and_saves_nothing(editor_client):
    big = SimpleUploadedFile("hero.jpg", b"\xff" * (11 * MB), content_type="image/jpeg")

    response = editor_client.post(reverse("admin:missions_mission_add"), mission_form(hero=big))

    assert response.status_code == 413
    assert "This request is too large: the limit is 10.0" in response.content.decode()
    assert not Mission.objects.filter(acronym="UNMISS").exists()


def test_an_upload_under_the_cap_goes_through(editor_client):
    # Over FILE_UPLOAD_MAX_MEMORY_SIZE, so it is streamed to a temporary file, not refused.
    file = SimpleUploadedFile("notes.pdf", b"%" * (4 * MB), content_type="application/pdf")

    response = editor_client.post(reverse("admin:missions_mission_add"), mission_form(attachment=file))

    assert response.status_code == 302
    assert Mission.objects.filter(acronym="UNMISS").exists()


def test_form_fields_over_the_memory_limit_are_a_400_not_a_500(editor_client):
    response = editor_client.post(reverse("admin:missions_mission_add"), mission_form(summary="x" * (3 * MB)))

    assert response.status_code == 400
    assert "Traceback" not in response.content.decode()
    assert not Mission.objects.filter(acronym="UNMISS").exists()


def test_a_huge_body_to_a_public_page_is_refused_before_it_is_read(client, missions):
    response = client.post("/", data=b"x" * (11 * MB), content_type="application/octet-stream")

    assert response.status_code == 413
