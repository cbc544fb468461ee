"""An import touches only the site's missions unless told otherwise, and reads numbers strictly."""

import threading

import pytest

from imports.formats import parse_fatalities
from missions.models import Mission
from tests.helpers import FATALITIES_HEADER as HEADER
from tests.helpers import make_mission
from timeline.models import Casualty

from .conftest import FILES

pytestmark = pytest.mark.django_db

FATALITIES = FILES / "fatalities.csv"


def test_by_default_only_the_sites_missions_are_touched_and_the_others_are_named(run):
    make_mission(acronym="MINUSMA")

    result = run("import_fatalities", FATALITIES)

    assert not result.failed
    assert set(Mission.objects.values_list("acronym", flat=True)) == {"MINUSMA"}
    assert set(Casualty.objects.values_list("mission__acronym", flat=True)) == {"MINUSMA"}
    assert (
        "Left out, as the site does not have these missions (rows in brackets): UNOCI (1), UNPROFOR (1)." in result.out
    )
    assert "--create-missions" in result.out


def test_a_mission_asked_for_that_the_site_lacks_is_created_only_when_asked(run):
    result = run("import_fatalities", FATALITIES, "--mission", "UNOCI")

    assert not Mission.objects.exists()
    assert "UNOCI (1)" in result.out

    run("import_fatalities", FATALITIES, "--mission", "UNOCI", "--create-missions")

    assert Mission.objects.get().acronym == "UNOCI"


def test_the_admin_dry_run_says_at_the_top_what_it_would_create(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    make_mission(acronym="MINUSMA")
    upload = SimpleUploadedFile("f.csv", FATALITIES.read_bytes(), content_type="text/csv")
    response = admin_client.post(
        reverse("admin:imports_importrun_add"), {"kind": "fatalities", "file": upload, "create_missions": "on"}
    )

    page = admin_client.get(response["Location"]).content.decode()
    summary = "Missions that would be created as unpublished drafts:</strong>\n      UNOCI, UNPROFOR."
    assert summary in page
    assert page.index(summary) < page.index("Records per mission")
    assert not Mission.objects.filter(acronym="UNOCI").exists()


@pytest.mark.parametrize("acronym", ["=cmd|' /C calc'!A0", "MINUS MA", "<b>X</b>", "MINUSMA;"])
def test_an_acronym_is_letters_digits_and_hyphens(run, bad_file, acronym):
    path = bad_file(HEADER + f'1,2016-02-12,X-1,"{acronym}",Fatality,M,Chad,Military,Illness,148.0,TCD,2023-11-28\n')

    result = run("import_fatalities", path, "--create-missions")

    assert result.failed
    assert "may hold only letters, digits and hyphens" in result.err
    assert not Mission.objects.exists()


def test_a_hyphenated_acronym_is_fine(run, bad_file):
    path = bad_file(HEADER + "1,2016-02-12,X-1,UNMIK-2,Fatality,M,Chad,Military,Illness,148.0,TCD,2023-11-28\n")

    assert not run("import_fatalities", path, "--create-missions").failed
    assert Mission.objects.get().acronym == "UNMIK-2"


def test_the_cpu_bomb_is_refused_with_a_row_error(run, bad_file):
    path = bad_file(HEADER + "1,2016-02-12,X-1,MINUSMA,Fatality,M,Chad,Military,Illness,1E+999999999,,2023-11-28\n")
    assert len(path.read_bytes()) < 300
    # The rows are checked away from the database, so a thread can do it: a hang guard, not a timing
    # (the old parser never came back).
    worker = threading.Thread(target=parse_fatalities, args=[path.read_text()], daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "still computing"

    result = run("import_fatalities", path, "--create-missions")

    assert result.failed
    assert "row 2: m49_code “1E+999999999” is not a country code" in result.err


@pytest.mark.parametrize("value", ["1E+999999999", "1e3", "0x10", "١٢", "12_000", "9" * 40])
def test_counts_are_plain_digits_of_sane_length(run, bad_file, value):
    ipi = (FILES / "ipi.csv").read_text(encoding="utf-8").replace(",10732,", f",{value},", 1)

    result = run("import_personnel", bad_file(ipi), "--format", "ipi", "--create-missions")

    assert result.failed
    assert "row 3: Troops “" in result.err
    assert "is not a whole number" in result.err


def test_rows_that_repeat_a_casualty_id_with_other_data_reject_the_file_naming_both(run, bad_file):
    text = FATALITIES.read_text(encoding="utf-8").replace(
        "6,2017-05-09,MINUSMA-2017-05-90003,MINUSMA,Fatality,,ZZ [Undetermined],Other,To Be Determined",
        "6,2017-05-09,MINUSMA-2017-05-90003,MINUSMA,Fatality,,ZZ [Undetermined],Other,Unknown",
    )

    result = run("import_fatalities", bad_file(text), "--create-missions")

    assert result.failed
    assert "row 7: casualty_id MINUSMA-2017-05-90003 is also on row 6, with other type_of_incident" in result.err
    assert "row 6: casualty_id MINUSMA-2017-05-90003 is also on row 7, with other type_of_incident" in result.err
    assert not Casualty.objects.exists()

    skipped = run("import_fatalities", bad_file(text), "--create-missions", "--skip-invalid")

    assert not skipped.failed
    assert Casualty.objects.count() == 7
    assert not Casualty.objects.filter(casualty_id="MINUSMA-2017-05-90003").exists()


def test_the_import_form_states_the_limit_the_server_enforces(admin_client, settings):
    from django.urls import reverse

    settings.MAX_REQUEST_BODY_SIZE = 10 * 1024 * 1024

    page = admin_client.get(reverse("admin:imports_importrun_add")).content.decode()

    assert "A CSV file of at most 10.0\xa0MB" in page
    assert "50.0\xa0MB" not in page
