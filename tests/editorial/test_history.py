"""Every change kept: who, when, what; a diff between versions; revert; deleted items restored."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from missions.models import Mission
from tests.helpers import admin_form, make_agreement, make_casualty, make_event, make_mission
from timeline.models import Agreement, Casualty, Event

pytestmark = pytest.mark.django_db


def edit(client, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = admin_form(client, url)
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_the_history_page_says_who_changed_what_and_when(editor_client):
    mission = make_mission(headquarters="Bamako", status="draft")
    edit(editor_client, mission, headquarters="Gao")

    page = editor_client.get(reverse("admin:missions_mission_history", args=[mission.pk])).content.decode()

    assert "erin" in page
    assert "<strong>Headquarters:</strong> <del>Bamako</del> &rarr; <ins>Gao</ins>" in page
    assert "2 versions" in page


def test_an_editor_reverts_a_draft_to_an_earlier_version(editor_client):
    mission = make_mission(background="<p>First version.</p>", status="draft")
    edit(editor_client, mission, background="<p>A mistake.</p>")
    first = mission.history.earliest()
    url = reverse("admin:missions_mission_simple_history", args=[mission.pk, first.history_id])

    page = editor_client.get(url).content.decode()
    response = editor_client.post(url, admin_form(editor_client, url))

    assert "What reverting changes, compared with the current version" in page
    assert "A mistake." in page and "First version." in page
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.background == "<p>First version.</p>"
    assert mission.history.count() == 3  # the mistake stays in the history
    latest = mission.history.latest()
    assert latest.history_change_reason.startswith("Reverted to the version of ")
    assert latest.history_user.username == "erin"


def test_reverting_as_an_editor_never_publishes(editor_client):
    mission = make_mission(status="published", headquarters="Bamako")
    mission.status = "draft"
    mission.save()
    published = mission.history.earliest()
    url = reverse("admin:missions_mission_simple_history", args=[mission.pk, published.history_id])

    editor_client.post(url, admin_form(editor_client, url))

    mission.refresh_from_db()
    assert mission.status == "draft"


def test_restoring_a_deleted_event_brings_it_back_as_a_draft_with_its_casualties(publisher_client, client):
    mission = make_mission()
    event = make_event(mission, title="Attack at Nampala")
    make_casualty(mission, event=event, group="national_forces", killed=17, injured=35)
    make_casualty(mission, event=event, group="civilians", killed=2)
    publisher_client.post(reverse("admin:timeline_event_delete", args=[event.pk]), {"post": "yes"})
    assert not Event.objects.exists()
    assert Casualty.objects.filter(event__isnull=True).count() == 2

    deleted = publisher_client.get(reverse("admin:timeline_event_deleted")).content.decode()
    record = Event.history.get(history_type="-")
    response = publisher_client.post(reverse("admin:timeline_event_restore", args=[record.history_id]), follow=True)

    assert "Attack at Nampala" in deleted and "pat" in deleted
    assert "is restored as a draft, as it was when it was deleted" in response.content.decode()
    event = Event.objects.get(title="Attack at Nampala")
    assert event.status == "draft"
    assert sorted(event.casualties.values_list("killed", flat=True)) == [2, 17]
    assert "Attack at Nampala" not in client.get("/missions/minusma/timeline/").content.decode()

    publish_now(publisher_client, event)

    timeline = client.get("/missions/minusma/timeline/").content.decode()
    assert "Attack at Nampala" in timeline and "17 killed, 35 injured" in timeline


def publish_now(client, obj):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client.post(url, {"action": "publish_now", "_selected_action": [obj.pk]})
    assert response.status_code == 302


def test_restoring_a_deleted_casualty_and_agreement_brings_them_back_as_drafts(publisher_client, client):
    mission = make_mission()
    make_casualty(mission, casualty_id="UN-1", incident_type="malicious_act")
    agreement = make_agreement(mission, title="Accord signed in Algiers")
    for obj in (Casualty.objects.get(), agreement):
        name = f"admin:timeline_{obj._meta.model_name}_delete"
        assert publisher_client.post(reverse(name, args=[obj.pk]), {"post": "yes"}).status_code == 302
    assert "Accord signed in Algiers" not in client.get("/missions/minusma/").content.decode()

    for model in (Casualty, Agreement):
        record = model.history.get(history_type="-")
        name = f"admin:timeline_{model._meta.model_name}_restore"
        assert publisher_client.post(reverse(name, args=[record.history_id])).status_code == 302

    assert Casualty.objects.get().casualty_id == "UN-1"
    assert {Casualty.objects.get().status, Agreement.objects.get().status} == {"draft"}
    page = client.get("/missions/minusma/").content.decode()
    assert "Accord signed in Algiers" not in page
    assert "No peacekeeper fatalities are recorded." in page

    publish_now(publisher_client, Casualty.objects.get())
    publish_now(publisher_client, Agreement.objects.get())

    page = client.get("/missions/minusma/").content.decode()
    assert "Accord signed in Algiers" in page
    assert "<strong>1</strong> peacekeeper has lost their life" in page


def test_a_restore_that_would_clash_changes_nothing_and_says_why(publisher_client):
    mission = make_mission()
    make_casualty(mission, casualty_id="UN-1")
    Casualty.objects.get().delete()
    make_casualty(mission, casualty_id="UN-1", date="2017-01-01")
    record = Casualty.history.get(history_type="-")

    response = publisher_client.post(reverse("admin:timeline_casualty_restore", args=[record.history_id]), follow=True)

    assert "could not be restored, and nothing was changed" in response.content.decode()
    assert Casualty.objects.count() == 1


def test_editors_cannot_restore_deleted_items(editor_client):
    event = make_event(make_mission())
    event.delete()
    record = Event.history.get(history_type="-")

    assert editor_client.get(reverse("admin:timeline_event_deleted")).status_code == 403
    assert editor_client.post(reverse("admin:timeline_event_restore", args=[record.history_id])).status_code == 403
    assert not Event.objects.exists()


def test_loading_the_demo_again_adds_no_versions(demo):
    versions = {model: model.history.count() for model in (Mission, Event, Casualty, Agreement)}

    call_command("load_demo", verbosity=0)

    assert {model: model.history.count() for model in versions} == versions
    assert versions[Mission] == 2


def test_one_word_changed_in_rich_text_is_shown_as_that_word_and_nothing_else(editor_client):
    mandate = "<p>Support the <strong>political process</strong> and protect civilians in the north of Mali.</p>"
    mission = make_mission(status="draft", mandate=mandate)
    edit(editor_client, mission, mandate=mandate.replace("north", "centre"))

    page = editor_client.get(reverse("admin:missions_mission_history", args=[mission.pk])).content.decode()

    newest = page.split("<tbody>")[1].split("</tr>")[0]
    changes = re.findall(r"<li><strong>([^<]+):</strong>", newest)
    assert changes == ["Mandate"]
    assert "<del>north</del> <ins>centre</ins>" in newest
    assert "&lt;" not in newest and "<p>" not in newest and "chars]" not in newest
