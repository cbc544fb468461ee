from datetime import date
from io import StringIO

import pytest
from django.core import serializers
from django.core.management import call_command

from missions.models import Mission, PersonnelReport, Update
from timeline.models import Agreement, Casualty, Event

pytestmark = pytest.mark.django_db

CONTENT = (Mission, PersonnelReport, Update, Event, Casualty, Agreement)


def snapshot():
    return {model: serializers.serialize("json", model.objects.order_by("pk")) for model in CONTENT}


def test_loading_the_demo_twice_changes_nothing(demo):
    before = snapshot()
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert snapshot() == before
    assert "0 created, 0 updated" in out.getvalue()


def test_a_dry_run_writes_nothing(db):
    out = StringIO()
    call_command("load_demo", "--dry-run", stdout=out)
    assert Mission.objects.count() == 0
    assert "Dry run" in out.getvalue()


def test_the_demo_holds_both_missions_published(demo):
    assert set(Mission.objects.published().values_list("acronym", flat=True)) == {"MINUSMA", "MINUSCA"}


def test_minusma_has_monthly_uniformed_figures_from_july_2013_to_july_2016(demo):
    reports = PersonnelReport.objects.filter(mission__acronym="MINUSMA", troops__isnull=False).order_by("as_of")

    assert reports.count() == 37
    assert reports.first().as_of == date(2013, 7, 31)
    july_2016 = reports.last()
    assert july_2016.as_of == date(2016, 7, 31)
    assert (july_2016.troops, july_2016.police_total) == (10358, 1295)
    assert (july_2016.military_observers, july_2016.contributing_countries) == (39, 53)
    assert july_2016.source_url


def test_unknown_figures_in_the_demo_stay_unknown(demo):
    july_2013 = PersonnelReport.objects.get(mission__acronym="MINUSMA", as_of=date(2013, 7, 31))
    assert july_2013.military_observers is None


def test_minusma_has_all_its_un_fatality_records_105_of_them_by_july_2016(demo):
    records = Casualty.objects.filter(mission__acronym="MINUSMA", casualty_id__isnull=False)

    assert records.count() == 311
    assert records.filter(incident_type="malicious_act").count() == 174
    assert records.filter(date__lte=date(2016, 7, 31)).count() == 105
    assert records.filter(date__lte=date(2016, 7, 31), incident_type="malicious_act").count() == 68
    assert Mission.objects.get(acronym="MINUSMA").fatalities_updated_on == date(2023, 11, 28)


def test_minusma_ended_in_2023_with_sourced_events(demo):
    minusma = Mission.objects.get(acronym="MINUSMA")
    assert (minusma.ended_on, minusma.past_briefing_on) == (date(2023, 12, 31), date(2016, 7, 31))
    end = Event.objects.get(mission=minusma, date=date(2023, 6, 30))
    assert (end.source, end.source_url) == (
        "Security Council resolution 2690 (2023)",
        "https://undocs.org/S/RES/2690(2023)",
    )
    assert Event.objects.get(mission=minusma, date=date(2023, 12, 31)).source


def test_the_seed_events_are_on_minusma_timeline(demo):
    events = Event.objects.filter(mission__acronym="MINUSMA")
    dates = {event.date for event in events}

    assert {date(2013, 1, 11), date(2013, 4, 25), date(2015, 11, 20), date(2016, 7, 19)} <= dates
    nampala = events.get(date=date(2016, 7, 19))
    assert nampala.casualties.get().killed == 17
    assert nampala.casualties.get().injured == 35
    assert events.get(date=date(2016, 2, 12)).casualties.count() == 6


def test_the_seed_posts_are_minuscas_in_french_and_english(demo):
    languages = sorted(Update.objects.filter(mission__acronym="MINUSCA").values_list("language", flat=True))
    assert languages == ["en", "fr", "fr"]
    assert not Update.objects.filter(mission__acronym="MINUSMA").exists()
