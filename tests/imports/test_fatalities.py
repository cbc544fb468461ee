from datetime import date

import pytest

from imports.models import ImportRun
from missions.models import Mission
from tests.helpers import make_casualty, make_event, make_mission
from timeline.models import Casualty

from .conftest import FILES, snapshot

pytestmark = pytest.mark.django_db

FATALITIES = FILES / "fatalities.csv"
NEWER = FILES / "fatalities_newer_release.csv"


def record(casualty_id):
    casualty = Casualty.objects.select_related("mission").get(casualty_id=casualty_id)
    return {
        "mission": casualty.mission.acronym,
        "date": casualty.date,
        "group": casualty.group,
        "killed": casualty.killed,
        "injured": casualty.injured,
        "personnel_type": casualty.personnel_type,
        "incident_type": casualty.incident_type,
        "nationality": casualty.nationality.code,
        "gender": casualty.gender,
    }


def test_each_row_becomes_one_un_fatality_with_its_values_normalised(run):
    result = run("import_fatalities", "--create-missions", FATALITIES)

    assert not result.failed
    assert Casualty.objects.count() == 8  # nine rows, one of them a repeated casualty_id
    assert record("MINUSMA-2017-01-90001") == {
        "mission": "MINUSMA",
        "date": date(2017, 1, 18),
        "group": "un",
        "killed": 1,
        "injured": 0,
        "personnel_type": "military",
        "incident_type": "malicious_act",
        "nationality": "FR",  # from the M49 code 250.0 alone
        "gender": "M",
    }
    local = record("MINUSMA-2017-03-90002")
    assert (local["personnel_type"], local["nationality"], local["gender"]) == ("local_civilian", "ML", "F")
    undetermined = record("MINUSMA-2017-05-90003")
    assert (undetermined["nationality"], undetermined["gender"]) == ("", "")
    assert record("UNOCI-2015-06-90004")["nationality"] == "CI"  # “Côte dIvoire”, no codes
    assert record("UNPROFOR-1993-07-90005")["nationality"] == ""  # Yugoslavia: no longer a country
    trimmed = record("MINUSMA-2016-02-90006")
    assert (trimmed["mission"], trimmed["personnel_type"], trimmed["gender"]) == ("MINUSMA", "military_observer", "M")
    assert Casualty.objects.filter(source_url="https://psdata.un.org/dataset/DPPADPOSS-FATALITIES").count() == 8


def test_the_report_gives_counts_per_mission_and_lists_duplicates_and_unknown_nationalities(run):
    result = run("import_fatalities", "--create-missions", FATALITIES)

    lines = result.out.splitlines()
    assert "  MINUSMA                 6        0          0         0" in lines
    assert "  UNOCI                   1        0          0         0" in lines
    assert "  UNPROFOR                1        0          0         0" in lines
    assert "Note: row 7: casualty_id MINUSMA-2017-05-90003 is also on row 6; counted once" in lines
    assert any("nationality “Yugoslavia” is not in the site’s list of countries" in line for line in lines)
    assert lines[-1] == "Imported: 8 created, 0 updated, 0 unchanged, 0 rejected."
    assert record("MINUSMA-2017-05-90003")["incident_type"] == "to_be_determined"  # the first of the two rows


def test_a_mission_the_site_lacks_is_created_as_a_draft_and_reported(run):
    make_mission(acronym="MINUSMA")

    result = run("import_fatalities", "--create-missions", FATALITIES)

    unoci = Mission.objects.get(acronym="UNOCI")
    assert (unoci.status, unoci.slug, unoci.name, unoci.started_on) == ("draft", "unoci", "UNOCI", date(2015, 6, 1))
    assert unoci.country.code == ""  # the file does not say where a mission is: left for an editor
    assert Mission.objects.get(acronym="MINUSMA").status == "published"
    assert "Missions created as unpublished drafts: UNOCI, UNPROFOR." in result.out
    assert "give each its country and full name" in result.out


def test_a_created_mission_slug_does_not_collide_with_an_existing_one(run):
    make_mission(acronym="OLD-UNOCI", slug="unoci")

    run("import_fatalities", "--create-missions", FATALITIES)

    assert Mission.objects.get(acronym="UNOCI").slug == "unoci-2"


def test_importing_the_same_file_again_changes_nothing_and_says_so(run):
    run("import_fatalities", "--create-missions", FATALITIES)
    before = snapshot()

    result = run("import_fatalities", "--create-missions", FATALITIES)

    assert snapshot() == before
    assert result.out.splitlines()[-1] == "Imported: 0 created, 0 updated, 8 unchanged, 0 rejected."


def test_a_newer_release_updates_reclassified_rows_and_adds_new_ones(run):
    run("import_fatalities", "--create-missions", FATALITIES)

    result = run("import_fatalities", "--create-missions", NEWER)

    assert record("MINUSMA-2017-05-90003")["incident_type"] == "illness"
    assert Casualty.objects.count() == 9
    assert "  MINUSMA                 1        1          5         0" in result.out.splitlines()
    assert result.out.splitlines()[-1] == "Imported: 1 created, 1 updated, 7 unchanged, 0 rejected."


def test_updating_a_record_keeps_its_link_to_a_timeline_event(run):
    mission = make_mission(acronym="MINUSMA")
    event = make_event(mission, title="Attack on the camp", date=date(2017, 5, 9))
    make_casualty(mission, event=event, date=date(2017, 5, 9), casualty_id="MINUSMA-2017-05-90003")

    run("import_fatalities", "--create-missions", NEWER)

    casualty = Casualty.objects.get(casualty_id="MINUSMA-2017-05-90003")
    assert (casualty.event, casualty.incident_type, casualty.nationality.code) == (event, "illness", "")


def test_importing_on_top_of_the_demo_updates_its_records_without_duplicating_them(run, demo):
    demo_records = Casualty.objects.filter(mission__acronym="MINUSMA", casualty_id__isnull=False).count()
    linked = Casualty.objects.get(casualty_id="MINUSMA-2016-02-09622")

    result = run("import_fatalities", "--create-missions", FATALITIES)

    assert Casualty.objects.filter(casualty_id="MINUSMA-2016-02-09622").count() == 1
    assert Casualty.objects.get(casualty_id="MINUSMA-2016-02-09622").event == linked.event is not None
    assert Casualty.objects.filter(mission__acronym="MINUSMA", casualty_id__isnull=False).count() == demo_records + 4
    assert "  MINUSMA                 4        0          2         0" in result.out.splitlines()


def test_only_the_missions_asked_for_are_imported(run):
    result = run("import_fatalities", "--create-missions", FATALITIES, "--mission", "unoci", "UNPROFOR")

    assert set(Casualty.objects.values_list("mission__acronym", flat=True)) == {"UNOCI", "UNPROFOR"}
    assert "7 rows of other missions left out." in result.out


def test_a_mission_asked_for_that_the_file_lacks_is_noted(run):
    result = run("import_fatalities", "--create-missions", FATALITIES, "--mission", "UNAMID")

    assert Casualty.objects.count() == 0
    assert "Note: The file has no rows for UNAMID." in result.out


def test_a_path_given_after_mission_is_refused_rather_than_taken_for_an_acronym(run):
    result = run("import_fatalities", "--create-missions", "--mission", "MINUSMA", FATALITIES)

    assert result.failed
    assert "give SOURCE before --mission" in result.error
    assert Casualty.objects.count() == 0


def test_a_dry_run_reports_what_would_change_and_writes_nothing(run):
    result = run("import_fatalities", "--create-missions", FATALITIES, "--dry-run")

    assert (Casualty.objects.count(), Mission.objects.count(), ImportRun.objects.count()) == (0, 0, 0)
    assert result.out.splitlines()[-1] == "Dry run, nothing was written: 8 created, 0 updated, 0 unchanged, 0 rejected."
    assert "Missions created as unpublished drafts: MINUSMA, UNOCI, UNPROFOR." in result.out


def test_an_import_is_recorded_with_its_report(run):
    run("import_fatalities", "--create-missions", FATALITIES)

    imported = ImportRun.objects.get()
    assert (imported.kind, imported.status, imported.source, imported.created_by) == (
        "fatalities",
        "imported",
        str(FATALITIES),
        None,
    )
    assert imported.report["counts"]["MINUSMA"] == {"created": 6, "updated": 0, "unchanged": 0, "rejected": 0}


def test_verbosity_zero_prints_nothing_on_success(run):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("import_fatalities", str(FATALITIES), "--create-missions", verbosity=0, stdout=out)

    assert out.getvalue() == ""
    assert Casualty.objects.count() == 8


def test_on_a_terminal_the_import_shows_its_progress(monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    from imports.formats import table

    class Terminal(StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(table, "PROGRESS_EVERY", 2)
    err = Terminal()
    call_command("import_fatalities", str(FATALITIES), "--create-missions", stdout=StringIO(), stderr=err)

    assert "\rchecking rows: 4/9" in err.getvalue()
    assert "\rwriting: 8/8" in err.getvalue()


def test_the_number_of_queries_does_not_grow_with_the_rows(django_assert_num_queries):
    from imports.services import run_import

    text = FATALITIES.read_text(encoding="utf-8")
    one_row = "\r\n".join(text.splitlines()[:2])
    run_import(kind="fatalities", text=text, create_missions=True)

    # Savepoint, missions, UN records, provisional deaths, the missions' last update, release: six for one row or nine.
    with django_assert_num_queries(6):
        run_import(kind="fatalities", text=text, create_missions=True)
    with django_assert_num_queries(6):
        run_import(kind="fatalities", text=one_row, create_missions=True)


def test_what_an_import_changes_is_in_each_records_history_and_an_unchanged_import_adds_none(run):
    run("import_fatalities", "--create-missions", FATALITIES)
    run("import_fatalities", "--create-missions", FATALITIES)

    run("import_fatalities", "--create-missions", NEWER)

    history = Casualty.history.filter(casualty_id="MINUSMA-2017-05-90003").order_by("history_id")
    assert [(h.history_type, h.incident_type) for h in history] == [("+", "to_be_determined"), ("~", "illness")]
    assert history.last().history_change_reason == f"UN data import from {NEWER}"[:100]
    assert Casualty.history.count() == 9 + 1
    assert Mission.history.filter(acronym="UNOCI", history_type="+").count() == 1


def test_the_report_lists_provisional_deaths_the_un_data_now_covers_as_candidates_to_retire(run):
    mission = make_mission(acronym="MINUSMA")
    typed = make_casualty(mission, group="un", killed=1, date=date(2016, 2, 12))
    make_casualty(mission, group="un", killed=2, date=date(2016, 3, 1))  # no UN record on that date

    result = run("import_fatalities", "--create-missions", FATALITIES, "--mission", "MINUSMA")

    assert (
        f"Provisional: MINUSMA, 1 UN death on 2016-02-12 typed by hand (record {typed.pk}); the UN’s data now has "
        "2 records on that date. An editor may retire it." in result.out.splitlines()
    )
    assert "2016-03-01" not in result.out
    assert Casualty.objects.filter(pk=typed.pk).exists()  # an editor decides, not the import


def test_the_file_last_update_is_kept_on_its_missions_for_the_casualties_page(run):
    make_mission(acronym="MINUSMA")
    make_mission(acronym="MINUSCA")

    run("import_fatalities", "--create-missions", NEWER, "--mission", "MINUSMA")

    assert Mission.objects.get(acronym="MINUSMA").fatalities_updated_on == date(2024, 5, 31)
    assert Mission.objects.get(acronym="MINUSCA").fatalities_updated_on is None
