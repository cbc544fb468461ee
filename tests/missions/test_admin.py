import pytest
from django.contrib import admin
from django.urls import reverse

from missions.models import Mission
from tests.helpers import mission_form

pytestmark = pytest.mark.django_db


def test_a_superuser_can_open_every_list_add_form_and_record(admin_client, admin_user, rf, demo):
    failures = []
    request = rf.get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        urls = [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")]
        # Read-only records (the publication log) have no add form, by design.
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if obj := model.objects.first():
            urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        failures += [(url, status) for url in urls if (status := admin_client.get(url).status_code) != 200]
    assert failures == []
    assert len(admin.site._registry) >= 8


SOURCE = "UN troop and police contributors"
TWO_REPORTS = (
    {"as_of": "2016-06-30", "troops": "12000", "source": SOURCE},
    {"as_of": "2016-07-31", "troops": "12100", "police_total": "1800", "source": SOURCE},
)


def test_a_superuser_saves_a_mission_with_its_personnel_reports(admin_client):
    response = admin_client.post(reverse("admin:missions_mission_add"), mission_form(reports=TWO_REPORTS))

    assert response.status_code == 302
    mission = Mission.objects.get(acronym="UNMISS")
    reports = {r.as_of.isoformat(): (r.troops, r.police_total) for r in mission.personnel_reports.all()}
    assert reports == {"2016-06-30": (12000, None), "2016-07-31": (12100, 1800)}


def test_a_negative_count_in_the_admin_is_a_form_error_and_saves_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:missions_mission_add"), mission_form(reports=TWO_REPORTS, **{"personnel_reports-0-troops": "-3"})
    )

    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not Mission.objects.filter(acronym="UNMISS").exists()


def test_two_reports_on_one_date_are_a_form_error(admin_client):
    form = mission_form(reports=TWO_REPORTS, **{"personnel_reports-1-as_of": "2016-06-30"})
    response = admin_client.post(reverse("admin:missions_mission_add"), form)

    assert response.status_code == 200
    assert not Mission.objects.filter(acronym="UNMISS").exists()


def test_a_mission_with_content_cannot_be_deleted_by_accident(admin_client, demo):
    mission = Mission.objects.get(acronym="MINUSMA")
    response = admin_client.post(reverse("admin:missions_mission_delete", args=[mission.pk]), {"post": "yes"})

    assert "Cannot delete" in response.content.decode()
    assert Mission.objects.filter(acronym="MINUSMA").exists()
