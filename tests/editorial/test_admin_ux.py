"""The admin as a new editor meets it: the site's name, date formats said, filters that fit."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.helpers import admin_form, make_mission

pytestmark = pytest.mark.django_db


def test_the_admin_names_the_site(editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()

    assert "Peacekeeping Briefings" in page
    assert "Django administration" not in page


def test_date_inputs_show_their_format_and_errors_say_it(publisher_client):
    mission = make_mission()
    url = reverse("admin:timeline_event_add")
    page = publisher_client.get(url).content.decode()
    data = admin_form(publisher_client, url)
    data.update(mission=mission.pk, title="An event", category="attack", date="31/07/2016")
    data["casualties-TOTAL_FORMS"] = "0"

    response = publisher_client.post(url, data)

    assert 'placeholder="YYYY-MM-DD"' in page
    assert "Enter the date as YYYY-MM-DD, for example 2016-07-31." in response.content.decode()


def test_the_country_filter_lists_only_the_countries_in_use(publisher_client):
    make_mission(acronym="MINUSMA", country="ML")
    make_mission(acronym="MINUSCA", country="CF")

    page = publisher_client.get(reverse("admin:missions_mission_changelist")).content.decode()

    assert "?country=ML" in page and "?country=CF" in page
    assert "?country=FR" not in page and "Afghanistan" not in page


def test_an_updates_language_is_chosen_from_a_list(publisher_client):
    page = publisher_client.get(reverse("admin:missions_update_add")).content.decode()
    assert '<select name="language"' in page and '<option value="fr">French</option>' in page


def test_publishers_may_import_un_data_and_editors_may_not():
    publisher = set(Group.objects.get(name="Publisher").permissions.values_list("codename", flat=True))
    editor = set(Group.objects.get(name="Editor").permissions.values_list("codename", flat=True))

    assert "run_import" in publisher
    assert "run_import" not in editor
