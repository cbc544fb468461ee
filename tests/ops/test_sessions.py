"""Staff sessions survive the shared cache: losing Redis (a restart, an eviction) logs no one out."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


def test_a_signed_in_editor_stays_signed_in_when_the_cache_is_emptied(admin_client):
    assert admin_client.get("/admin/").status_code == 200

    cache.clear()

    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "Briefings to keep current" in response.content.decode()
