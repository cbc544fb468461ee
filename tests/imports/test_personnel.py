import re
from datetime import date

import pytest

from imports.sources import PERSONNEL_IPI_SOURCE as IPI_SOURCE
from imports.sources import PERSONNEL_UN_SOURCE as UN_SOURCE
from missions.models import Mission, PersonnelReport
from tests.helpers import make_mission, make_report

from .conftest import FILES, snapshot

pytestmark = pytest.mark.django_db

IPI = FILES / "ipi.csv"
UN = FILES / "un_personnel.csv"
FIGURES = (
    "troops",
    "staff_officers",
    "military_observers",
    "individual_police",
    "formed_police",
    "police_total",
    "contributing_countries",
    "international_civilians",
)


def figures(acronym, as_of):
    report = PersonnelReport.objects.get(mission__acronym=acronym, as_of=as_of)
    return {name: getattr(report, name) for name in FIGURES if getattr(report, name) is not None}


def test_each_ipi_row_becomes_a_personnel_report_for_its_mission_and_month(run):
    result = run("import_personnel", "--create-missions", IPI, "--format", "ipi")

    assert not result.failed
    assert figures("MINUSMA", date(2016, 6, 30)) == {
        "troops": 10732,
        "police_total": 1250,
        "military_observers": 40,
        "contributing_countries": 52,
    }
    report = PersonnelReport.objects.get(mission__acronym="MINUSMA", as_of=date(2016, 6, 30))
    assert report.source == "UN troop and police contributors report, via IPI Providing for Peacekeeping"
    assert result.out.splitlines()[-1] == "Imported: 4 created, 0 updated, 0 unchanged, 0 rejected."


def test_na_and_empty_ipi_cells_are_unknown_not_zero(run):
    run("import_personnel", "--create-missions", IPI, "--format", "ipi")

    july_2013 = PersonnelReport.objects.get(mission__acronym="MINUSMA", as_of=date(2013, 7, 31))
    assert (july_2013.troops, july_2013.military_observers) == (5494, None)
    march_2012 = PersonnelReport.objects.get(mission__acronym="UNMIL", as_of=date(2012, 3, 31))
    assert (march_2012.troops, march_2012.police_total, march_2012.military_observers) == (7800, None, None)


def test_an_ipi_february_dated_the_28th_in_a_leap_year_is_that_month(run):
    run("import_personnel", "--create-missions", IPI, "--format", "ipi")

    assert PersonnelReport.objects.filter(mission__acronym="UNMIL", as_of=date(2012, 2, 29)).exists()
    assert not PersonnelReport.objects.filter(as_of=date(2012, 2, 28)).exists()


def test_a_mission_created_from_the_ipi_file_takes_its_country_and_headquarters(run):
    result = run("import_personnel", "--create-missions", IPI, "--format", "ipi")

    unmil = Mission.objects.get(acronym="UNMIL")
    assert (unmil.status, unmil.country.code, unmil.headquarters, unmil.started_on) == (
        "draft",
        "LR",
        "Monrovia",
        date(2012, 2, 29),
    )
    assert "Missions created as unpublished drafts: MINUSMA, UNMIL." in result.out


def test_a_report_entered_by_hand_on_the_same_date_is_left_as_it_was(run):
    mission = make_mission(acronym="MINUSMA")
    make_report(
        mission, date(2016, 6, 30), troops=10000, international_civilians=580, national_civilians=800, source="Hand"
    )

    result = run("import_personnel", "--create-missions", IPI, "--format", "ipi", "--mission", "MINUSMA")

    hand = PersonnelReport.objects.get(mission=mission, as_of=date(2016, 6, 30), source_kind="hand")
    assert (hand.troops, hand.international_civilians, hand.national_civilians) == (10000, 580, 800)
    ipi = PersonnelReport.objects.get(mission=mission, as_of=date(2016, 6, 30), source_kind="ipi")
    assert (ipi.troops, ipi.international_civilians, ipi.source) == (10732, None, IPI_SOURCE)
    assert "  MINUSMA                 2        0          0         0" in result.out.splitlines()


UN_JUNE_2016 = (
    "contribution_id,contributing_country,isocode3,m49_code,mission_acronym,personnel_type,"
    "male_personnel,female_personnel,last_reporting_date\n"
    "1,Chad,TCD,148,MINUSMA,Troops,1380,20,2016-06-30\n"
    "2,Senegal,SEN,686,MINUSMA,Formed Police Units,270,40,2016-06-30\n"
    "3,Senegal,SEN,686,MINUSMA,Individual Police,10,5,2016-06-30\n"
)


@pytest.mark.parametrize("order", ["ipi first", "un first"])
def test_ipi_and_the_un_file_for_the_same_month_are_two_reports_each_counter_naming_its_source(
    run, bad_file, client, order
):
    make_mission(acronym="MINUSMA")
    imports = [(IPI, "ipi"), (bad_file(UN_JUNE_2016), "un")]
    for path, format_ in imports if order == "ipi first" else imports[::-1]:
        assert not run(
            "import_personnel", "--create-missions", path, "--format", format_, "--mission", "MINUSMA"
        ).failed

    reports = PersonnelReport.objects.filter(mission__acronym="MINUSMA", as_of=date(2016, 6, 30))
    assert sorted(reports.values_list("source_kind", "troops", "police_total", "individual_police")) == [
        ("ipi", 10732, 1250, None),
        ("un", 1400, None, 15),
    ]
    page = client.get("/missions/minusma/?as_of=2016-06-30").content.decode()
    counters = dict(
        re.findall(r'data-count="(\d+)">.*?As of 30 June 2016\. Source:\s*<a href="[^"]+"[^>]*>([^<]+)</a>', page, re.S)
    )
    # The UN's own file wins on the same date; each number names the report it came from.
    assert counters == {"1400": UN_SOURCE, "325": UN_SOURCE}


def test_importing_the_ipi_file_again_changes_nothing(run):
    run("import_personnel", "--create-missions", IPI, "--format", "ipi")
    before = snapshot()

    result = run("import_personnel", "--create-missions", IPI, "--format", "ipi")

    assert snapshot() == before
    assert result.out.splitlines()[-1] == "Imported: 0 created, 0 updated, 4 unchanged, 0 rejected."


def test_the_ipi_file_on_top_of_the_demo_leaves_the_demo_reports_unchanged(run, demo):
    count = PersonnelReport.objects.count()

    result = run("import_personnel", "--create-missions", IPI, "--format", "ipi", "--mission", "MINUSMA")

    assert PersonnelReport.objects.count() == count
    assert result.out.splitlines()[-1] == "Imported: 0 created, 0 updated, 2 unchanged, 0 rejected."


def test_the_un_format_adds_up_men_and_women_and_countries_per_mission_and_date(run):
    result = run("import_personnel", "--create-missions", UN, "--format", "un")

    assert not result.failed
    assert figures("MINUSMA", date(2023, 5, 31)) == {
        "troops": 1400,  # 1,390 + 10 from Chad, and Egypt's 0
        "staff_officers": 22,
        "military_observers": 8,  # experts on mission: 8 men, women NA
        "individual_police": 15,
        "formed_police": 310,
        "contributing_countries": 3,  # Chad, Senegal, Germany; Egypt deployed nobody
    }
    assert figures("MINUSMA", date(2023, 6, 30)) == {"troops": 1412, "contributing_countries": 1}
    assert figures("UNMISS", date(2023, 6, 30)) == {"troops": 1740, "contributing_countries": 1}
    assert "  MINUSMA                 2        0          0         0" in result.out.splitlines()
    report = PersonnelReport.objects.get(mission__acronym="MINUSMA", as_of=date(2023, 5, 31))
    assert report.source_url == "https://psdata.un.org/dataset/DPO-UCHISTORICAL"


def test_the_un_format_imported_again_changes_nothing(run):
    run("import_personnel", "--create-missions", UN, "--format", "un")
    before = snapshot()

    result = run("import_personnel", "--create-missions", UN, "--format", "un")

    assert snapshot() == before
    assert result.out.splitlines()[-1] == "Imported: 0 created, 0 updated, 3 unchanged, 0 rejected."


def test_a_category_all_of_whose_cells_are_unknown_is_unknown(run, bad_file):
    path = bad_file(
        "contribution_id,contributing_country,isocode3,m49_code,mission_acronym,personnel_type,"
        "male_personnel,female_personnel,last_reporting_date\n"
        "1,Chad,TCD,148,MINUSMA,Troops,NA,,2023-05-31\n"
        "2,Chad,TCD,148,MINUSMA,Individual Police,4,1,2023-05-31\n"
    )

    run("import_personnel", "--create-missions", path, "--format", "un")

    assert figures("MINUSMA", date(2023, 5, 31)) == {"individual_police": 5, "contributing_countries": 1}


def test_the_ipi_format_has_no_default_address(run):
    result = run("import_personnel", "--create-missions", "--format", "ipi")

    assert result.failed
    assert "give its path as SOURCE" in result.error


def test_a_dry_run_of_personnel_writes_nothing(run):
    result = run("import_personnel", "--create-missions", UN, "--format", "un", "--dry-run")

    assert PersonnelReport.objects.count() == 0
    assert result.out.splitlines()[-1] == "Dry run, nothing was written: 3 created, 0 updated, 0 unchanged, 0 rejected."
