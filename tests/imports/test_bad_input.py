"""A bad file changes nothing: the command exits non-zero and lists every problem with its row."""

from datetime import date

import pytest

from imports.models import ImportRun
from missions.models import Mission, PersonnelReport
from tests.helpers import make_casualty, make_mission, make_report
from timeline.models import Casualty

from .conftest import FILES, snapshot

pytestmark = pytest.mark.django_db

FATALITIES = (FILES / "fatalities.csv").read_text(encoding="utf-8")
IPI = (FILES / "ipi.csv").read_text(encoding="utf-8")
UN = (FILES / "un_personnel.csv").read_text(encoding="utf-8")


def replace_row(text, number, old, new):
    """The text with `old` replaced by `new` on row `number` (the header is row 1)."""
    lines = text.splitlines(keepends=True)
    assert old in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new)
    return "".join(lines)


@pytest.fixture
def unchanged(db):
    """Content that any of these files would change if imported, and a check that it is exactly as it was."""
    mission = make_mission(acronym="MINUSMA")
    make_casualty(mission, casualty_id="MINUSMA-2013-08-08359", incident_type="unknown")
    make_report(mission, date(2016, 6, 30), troops=1, source="Typed by hand")
    make_report(mission, date(2023, 5, 31), troops=1, source="Typed by hand")
    before = snapshot()
    yield
    assert snapshot() == before
    assert ImportRun.objects.count() == 0


def rejected(result, *expected_lines):
    assert result.failed
    assert "Nothing was written" in result.error
    for line in expected_lines:
        assert line in result.err.splitlines() + [result.error]
    return True


@pytest.mark.parametrize(
    ("row", "old", "new", "problem"),
    [
        (3, "2016-02-12", "2016-02-30", "row 3: incident_date “2016-02-30” is not a date (YYYY-MM-DD)"),
        (3, "2016-02-12", "12/02/2016", "row 3: incident_date “12/02/2016” is not a date (YYYY-MM-DD)"),
        (4, "Military,", "Astronaut,", "row 4: casualty_personnel_type “Astronaut” is not a known category"),
        (5, "Accident", "Shipwreck", "row 5: type_of_incident “Shipwreck” is not a known category"),
        (2, ",M,", ",X,", "row 2: gender “X” is not M, F or empty"),
        (4, "250.0", "two-fifty", "row 4: m49_code “two-fifty” is not a country code"),
        (2, "Fatality", "Injury", "row 2: type_of_casualty “Injury” is not a fatality"),
        (2, "MINUSMA-2013-08-08359", "", "row 2: casualty_id is empty"),
        (2, ",MINUSMA,", ",,", "row 2: mission_acronym is empty"),
        (2, ",2023-11-28", "", "row 2: has 11 values where the header has 12 columns"),
    ],
)
def test_an_invalid_fatality_row_rejects_the_whole_file(run, bad_file, unchanged, row, old, new, problem):
    result = run("import_fatalities", "--create-missions", bad_file(replace_row(FATALITIES, row, old, new)))

    assert rejected(result, problem)
    assert "1 of its 9 rows are invalid" in result.error


@pytest.mark.parametrize(
    ("row", "old", "new", "problem"),
    [
        (3, ",10732,", ",-10732,", "row 3: Troops “-10732” is negative"),
        (3, ",1250,", ",many,", "row 3: Police “many” is not a whole number"),
        (3, ",1250,", ",12.5,", "row 3: Police “12.5” is not a whole number"),
        (3, "2016-06-30", "2016-06", "row 3: Date “2016-06” is not a date (YYYY-MM-DD)"),
        (
            5,
            "2012-03-31",
            "2012-02-29",
            "row 5: gives other figures for the same mission and month as row 4",
        ),
    ],
)
def test_an_invalid_ipi_row_rejects_the_whole_file(run, bad_file, unchanged, row, old, new, problem):
    result = run("import_personnel", "--create-missions", bad_file(replace_row(IPI, row, old, new)), "--format", "ipi")

    assert rejected(result, problem)


@pytest.mark.parametrize(
    ("row", "old", "new", "problem"),
    [
        (2, "Troops", "Pilots", "row 2: personnel_type “Pilots” is not a known category"),
        (2, ",1390,", ",-1,", "row 2: male_personnel “-1” is negative"),
        (2, ",10,", ",ten,", "row 2: female_personnel “ten” is not a whole number"),
        (2, "2023-05-31", "31/05/2023", "row 2: last_reporting_date “31/05/2023” is not a date (YYYY-MM-DD)"),
        (2, "Chad,TCD", ",", "row 2: the contributing country is empty"),
    ],
)
def test_an_invalid_un_personnel_row_rejects_the_whole_file(run, bad_file, unchanged, row, old, new, problem):
    result = run("import_personnel", "--create-missions", bad_file(replace_row(UN, row, old, new)), "--format", "un")

    assert rejected(result, problem)


def test_every_problem_is_listed_with_its_row(run, bad_file, unchanged):
    text = replace_row(FATALITIES, 3, "2016-02-12", "soon")
    text = replace_row(text, 5, "Local ", "Local hire")
    text = replace_row(text, 9, "Accident", "")
    text = replace_row(text, 9, "International Civilian", "Diplomat")

    result = run("import_fatalities", "--create-missions", bad_file(text))

    assert rejected(
        result,
        "row 3: incident_date “soon” is not a date (YYYY-MM-DD)",
        "row 5: casualty_personnel_type “Local hire” is not a known category",
        "row 9: casualty_personnel_type “Diplomat” is not a known category",
    )
    assert "3 of its 9 rows are invalid" in result.error
    assert "--skip-invalid" in result.error


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"\r\n \r\n", "The file is empty."),
        (b"<!DOCTYPE html>\n<html><head><title>Data Hub</title></head><body>Sign in</body></html>", "web page (HTML)"),
        (b"  <html><body>Service unavailable</body></html>", "web page (HTML)"),
        (FATALITIES.replace("Côte", "C\u00f4te").encode("latin-1"), "not UTF-8 text (byte "),
        (FATALITIES.encode("utf-16"), "UTF-16"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "binary data"),
        (FATALITIES.splitlines(keepends=True)[0].encode(), "The file has a header but no rows."),
        (b'{"data": [{"casualty_id": "X"}]}', "are missing: is this the right kind of file?"),
        (FATALITIES.replace(",type_of_incident,", ",incident,").encode(), "The column type_of_incident is missing"),
        (FATALITIES.replace(",", ";").encode(), "separated by semicolons"),
    ],
)
def test_a_file_that_is_not_the_right_csv_is_refused_in_one_line(run, bad_file, unchanged, content, message):
    result = run("import_fatalities", "--create-missions", bad_file(content))

    assert result.failed
    assert message in result.error
    assert "Nothing was written" in result.error
    assert "\n" not in result.error
    assert "Traceback" not in result.err


def test_a_missing_file_is_one_line(run, tmp_path, unchanged):
    result = run("import_personnel", "--create-missions", tmp_path / "nowhere.csv", "--format", "ipi")

    assert result.failed
    assert "There is no file at" in result.error


def test_skip_invalid_imports_the_valid_rows_and_lists_the_rest(run, bad_file):
    text = replace_row(FATALITIES, 3, "2016-02-12", "soon")
    text = replace_row(text, 8, "Police", "Gendarmes")

    result = run("import_fatalities", "--create-missions", bad_file(text), "--skip-invalid")

    assert not result.failed
    assert Casualty.objects.count() == 6
    assert not Casualty.objects.filter(casualty_id__in=["MINUSMA-2016-02-09622", "UNOCI-2015-06-90004"]).exists()
    assert "row 3: incident_date “soon” is not a date (YYYY-MM-DD)" in result.err
    assert "row 8: casualty_personnel_type “Gendarmes” is not a known category" in result.err
    assert "  MINUSMA                 5        0          0         1" in result.out.splitlines()
    assert "  UNOCI                   0        0          0         1" in result.out.splitlines()
    assert result.out.splitlines()[-1] == "Imported: 6 created, 0 updated, 0 unchanged, 2 rejected."
    assert not Mission.objects.filter(acronym="UNOCI").exists()


def test_skip_invalid_leaves_out_a_whole_un_report_one_of_whose_rows_is_invalid(run, bad_file):
    text = replace_row(UN, 4, "Formed Police Units", "Formed Police Squads")

    result = run("import_personnel", "--create-missions", bad_file(text), "--format", "un", "--skip-invalid")

    assert not result.failed
    assert set(PersonnelReport.objects.values_list("mission__acronym", "as_of__month")) == {
        ("MINUSMA", 6),
        ("UNMISS", 6),
    }
    assert "MINUSMA on 2023-05-31 not imported: 5 valid rows go with the invalid rows 4" in result.out
    assert "  MINUSMA                 1        0          0         6" in result.out.splitlines()


def test_a_dry_run_of_a_bad_file_fails_the_same_way(run, bad_file, unchanged):
    result = run(
        "import_fatalities",
        "--create-missions",
        bad_file(replace_row(FATALITIES, 3, "2016-02-12", "soon")),
        "--dry-run",
    )

    assert rejected(result, "row 3: incident_date “soon” is not a date (YYYY-MM-DD)")
