"""The UN's real files from ../shared/data (or $UN_DATA_DIR); skipped, saying why, when they are not there."""

from datetime import date

import pytest
from django.db.models import Count

from missions.models import Mission, PersonnelReport
from timeline.models import Casualty

from .conftest import snapshot

pytestmark = pytest.mark.django_db

FATALITIES = "un_fatalities_2023-11-28.csv"
IPI = "ipi_personnel_by_mission_month_1990-2017.csv"


def test_the_real_fatalities_file_repeats_six_ids_with_other_nationalities_and_is_rejected(run, real_file):
    result = run("import_fatalities", "--create-missions", real_file(FATALITIES))

    assert result.failed
    assert "12 of its 4350 rows are invalid" in result.error
    assert (
        "row 1900: casualty_id UNMIK-2003-05-03589 is also on row 1899, with other casualty_nationality" in result.err
    )
    assert not Casualty.objects.exists()


def test_minusma_fatalities_from_the_real_file(run, real_file):
    result = run("import_fatalities", "--create-missions", "--skip-invalid", real_file(FATALITIES))

    assert not result.failed
    minusma = Casualty.objects.filter(mission__acronym="MINUSMA")
    assert minusma.count() == 311
    assert minusma.filter(incident_type="malicious_act").count() == 174
    assert minusma.filter(date__year=2013).count() == 6
    assert minusma.filter(date__year=2017).count() == 42
    # 4,350 rows: six casualty_ids of UNMIK are given twice with different nationalities, both left out.
    assert Casualty.objects.count() == 4338
    assert result.out.splitlines()[-1] == "Imported: 4338 created, 0 updated, 0 unchanged, 12 rejected."


def test_the_real_fatalities_file_imported_twice_leaves_identical_data(run, real_file):
    run("import_fatalities", "--create-missions", "--skip-invalid", real_file(FATALITIES))
    before = snapshot()

    result = run("import_fatalities", "--create-missions", "--skip-invalid", real_file(FATALITIES))

    assert snapshot() == before
    assert result.out.splitlines()[-1] == "Imported: 0 created, 0 updated, 4338 unchanged, 12 rejected."


def test_the_real_fatalities_file_on_top_of_the_demo_duplicates_nothing(run, real_file, demo):
    linked = dict(
        Casualty.objects.filter(event__isnull=False, casualty_id__isnull=False).values_list("casualty_id", "event_id")
    )
    demo_missions = dict(Mission.objects.values_list("acronym", "status"))

    # By default only the site's two missions are touched: UNMIK's conflicting rows are not even read.
    result = run("import_fatalities", real_file(FATALITIES))

    assert not result.failed
    assert set(Mission.objects.values_list("acronym", flat=True)) == {"MINUSMA", "MINUSCA"}
    assert "Left out, as the site does not have these missions" in result.out
    assert Casualty.objects.filter(mission__acronym="MINUSMA", casualty_id__isnull=False).count() == 311
    assert not Casualty.objects.values("casualty_id").annotate(n=Count("pk")).filter(n__gt=1, casualty_id__isnull=False)
    assert dict(Casualty.objects.filter(casualty_id__in=linked).values_list("casualty_id", "event_id")) == linked
    assert {acronym: Mission.objects.get(acronym=acronym).status for acronym in demo_missions} == demo_missions
    # The demo's 311 MINUSMA and 187 MINUSCA records are the UN's, unchanged.
    assert "  MINUSMA                 0        0        311         0" in result.out.splitlines()
    assert "  MINUSCA                 0        0        187         0" in result.out.splitlines()


def test_minusma_personnel_from_the_real_ipi_file(run, real_file):
    result = run("import_personnel", "--create-missions", "--skip-invalid", real_file(IPI), "--format", "ipi")

    assert not result.failed
    # Two acronyms have a space, which an acronym may not hold: 11 + 8 rows left out, each listed.
    assert "the mission acronym “UNAVEM II” may hold only letters, digits and hyphens" in result.err
    june_2016 = PersonnelReport.objects.get(mission__acronym="MINUSMA", as_of=date(2016, 6, 30))
    assert (june_2016.troops, june_2016.police_total, june_2016.military_observers) == (10732, 1250, 40)
    assert june_2016.contributing_countries == 52
    july_2013 = PersonnelReport.objects.get(mission__acronym="MINUSMA", as_of=date(2013, 7, 31))
    assert july_2013.military_observers is None
    assert PersonnelReport.objects.count() == 5330 - 19
    assert Mission.objects.count() == 76


def test_the_real_ipi_file_imported_twice_leaves_identical_data(run, real_file):
    run("import_personnel", "--create-missions", "--skip-invalid", real_file(IPI), "--format", "ipi")
    before = snapshot()

    result = run("import_personnel", "--create-missions", "--skip-invalid", real_file(IPI), "--format", "ipi")

    assert snapshot() == before
    assert result.out.splitlines()[-1] == "Imported: 0 created, 0 updated, 5311 unchanged, 19 rejected."


def test_the_real_ipi_file_on_top_of_the_demo_duplicates_nothing_and_keeps_civilian_figures(run, real_file, demo):
    demo_reports = PersonnelReport.objects.filter(mission__acronym="MINUSMA").count()
    PersonnelReport.objects.filter(mission__acronym="MINUSMA", as_of=date(2016, 6, 30)).update(national_civilians=870)

    result = run("import_personnel", real_file(IPI), "--format", "ipi", "--mission", "MINUSMA")

    june_2016 = PersonnelReport.objects.get(mission__acronym="MINUSMA", as_of=date(2016, 6, 30))
    assert (june_2016.troops, june_2016.national_civilians) == (10732, 870)
    # The demo holds MINUSMA's months to July 2016 as IPI gives them; the file adds the months after.
    assert "  MINUSMA                 7        0         37         0" in result.out.splitlines()
    assert PersonnelReport.objects.filter(mission__acronym="MINUSMA").count() == demo_reports + 7
