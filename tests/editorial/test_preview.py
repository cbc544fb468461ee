"""Staff preview drafts on the real pages; the public never sees them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.helpers import admin_form, make_agreement, make_event, make_mission

pytestmark = pytest.mark.django_db

BANNER = "Draft preview — not public"


@pytest.fixture
def draft_mission(db):
    mission = make_mission(status="draft", mandate="<p>Draft mandate text.</p>")
    make_event(mission, title="Draft event at Gao", status="draft")
    make_agreement(mission, title="Draft accord of Mopti", status="draft")
    return mission


@pytest.mark.parametrize("path", ["/missions/minusma/", "/missions/minusma/timeline/", "/missions/minusma/casualties/"])
def test_staff_see_a_draft_mission_with_a_banner_in_a_response_no_cache_keeps(
    editor_client, client, draft_mission, path
):
    response = editor_client.get(path)

    assert response.status_code == 200
    assert BANNER in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert client.get(path).status_code == 404


def test_draft_items_show_marked_in_the_preview_and_nowhere_for_the_public(editor_client, client):
    mission = make_mission()
    make_event(mission, title="Draft event at Gao", status="draft")
    make_agreement(mission, title="Draft accord of Mopti", status="draft")

    staff_page = editor_client.get("/missions/minusma/").content.decode()
    staff_timeline = editor_client.get("/missions/minusma/timeline/").content.decode()
    public_pages = (
        client.get("/missions/minusma/").content.decode() + client.get("/missions/minusma/timeline/").content.decode()
    )

    assert "Draft event at Gao" in staff_page and "Draft accord of Mopti" in staff_page
    assert "Draft event at Gao" in staff_timeline
    assert '<span class="tag tag--preview">Draft</span>' in staff_page
    assert "Draft event at Gao" not in public_pages and "Draft accord of Mopti" not in public_pages
    assert BANNER not in public_pages


def test_the_public_pages_stay_cacheable_and_carry_no_banner(client):
    make_mission()

    response = client.get("/missions/minusma/")

    assert BANNER not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_staff_without_view_permission_see_no_draft(client, draft_mission, django_user_model):
    """Being staff is not enough: previews follow the admin's view permissions."""
    nobody = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(nobody)

    assert client.get("/missions/minusma/").status_code == 404


def test_staff_see_only_the_drafts_of_what_they_may_view(client, django_user_model):
    mission = make_mission()
    make_event(mission, title="Draft event at Gao", status="draft")
    make_agreement(mission, title="Draft accord of Mopti", status="draft")
    viewer = django_user_model.objects.create_user("viewer", password="pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)

    page = client.get("/missions/minusma/").content.decode()

    assert "Draft event at Gao" in page
    assert "Draft accord of Mopti" not in page


def test_the_preview_shows_a_change_waiting_for_review_marked(editor_client, client):
    event = make_event(make_mission(), title="Attack at Nampala")
    url = reverse("admin:timeline_event_change", args=[event.pk])
    data = admin_form(editor_client, url)
    data["title"] = "Attack on the Nampala camp"
    assert editor_client.post(url, data).status_code == 302

    staff = editor_client.get("/missions/minusma/timeline/").content.decode()
    public = client.get("/missions/minusma/timeline/").content.decode()

    assert "Attack on the Nampala camp" in staff and "Change waiting for review" in staff
    assert "Attack at Nampala" in public and "Attack on the Nampala camp" not in public
