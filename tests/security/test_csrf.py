"""A form posted without the site's CSRF token changes nothing, in the admin and on public pages."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from missions.models import Mission
from tests.security.conftest import PASSWORD
from tests.security.test_drafts import public_urls

pytestmark = pytest.mark.django_db

REFUSED = {"en": "The form could not be sent", "fr": "Le formulaire n’a pas pu être envoyé"}


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def token_from(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def assert_refused(response, language="en"):
    assert response.status_code == 403
    assert REFUSED[language] in response.content.decode()


def test_the_login_form_without_its_token_is_refused_and_with_it_works(strict_client, editor):
    credentials = {"username": "editor", "password": PASSWORD}

    assert_refused(strict_client.post(reverse("admin:login"), credentials))
    assert strict_client.get(reverse("admin:index")).status_code == 302  # still logged out

    token = token_from(strict_client.get(reverse("admin:login")).content.decode())
    assert strict_client.post(reverse("admin:login"), {**credentials, "csrfmiddlewaretoken": token}).status_code == 302
    assert strict_client.get(reverse("admin:index")).status_code == 200


def test_every_admin_add_change_and_delete_form_refuses_a_post_without_its_token(strict_client, editor, demo):
    strict_client.force_login(editor)
    before = {model: list(model.objects.values()) for model in admin.site._registry}
    posted = []
    for model in admin.site._registry:
        opts = model._meta
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_add")]
        urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        if obj := model.objects.first():
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk]))
        for url in urls:
            # Data a real form would send; only the token is missing.
            data = {"post": "yes", "action": "delete_selected", "_selected_action": ["1"], "_save": "Save"}
            assert_refused(strict_client.post(url, data))
            posted.append(url)

    assert len(posted) >= 4 * 8
    assert {model: list(model.objects.values()) for model in admin.site._registry} == before


def test_the_admin_logout_and_password_change_refuse_a_post_without_their_token(strict_client, editor):
    strict_client.force_login(editor)

    assert_refused(strict_client.post(reverse("admin:logout")))
    assert_refused(
        strict_client.post(
            reverse("admin:password_change"),
            {"old_password": PASSWORD, "new_password1": "An0ther long pass", "new_password2": "An0ther long pass"},
        )
    )

    assert strict_client.get(reverse("admin:index")).status_code == 200  # still logged in
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_every_public_address_refuses_a_post_without_a_token(strict_client, missions):
    published, _draft = missions
    urls = [url for url, _ in public_urls(published)]

    for url in urls:
        assert_refused(strict_client.post(url, {"name": "changed"}), "fr" if url.startswith("/fr/") else "en")

    assert len(urls) >= 2
    assert Mission.objects.get(pk=published.pk).name == "Mission in Mali"
