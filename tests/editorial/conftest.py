import pytest
from django.test import Client

from tests.helpers import make_staff


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(db):
    return make_staff("erin", group="Editor")


@pytest.fixture
def publisher(db):
    return make_staff("pat", group="Publisher")


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def publisher_client(publisher):
    return client_for(publisher)
