"""Migrations that change what is unique keep every row that was there."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("missions", "0003_publishable_content_rich_text_field")]
AFTER = [("missions", "0004_personnel_report_per_source_kind")]


@pytest.mark.django_db(transaction=True)
def test_personnel_reports_keep_their_data_and_learn_their_kind_of_source():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    mission = old.get_model("missions", "Mission").objects.create(
        acronym="MINUSMA", slug="minusma", name="M", country="ML", started_on="2013-04-25"
    )
    Report = old.get_model("missions", "PersonnelReport")
    ipi = "UN troop and police contributors report, via IPI Providing for Peacekeeping"
    un = "UN Peace and Security Data Hub, uniformed personnel contributions (DPO-UCHISTORICAL)"
    for day, troops, source in [
        ("2016-06-30", 10732, ipi),
        ("2023-05-31", 1400, un),
        ("2016-05-20", None, "SG report"),
    ]:
        Report.objects.create(mission=mission, as_of=day, troops=troops, source=source)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    new = executor.loader.project_state(AFTER).apps.get_model("missions", "PersonnelReport")

    assert sorted(new.objects.values_list("as_of", "troops", "source_kind")) == [
        (date(2016, 5, 20), None, "hand"),
        (date(2016, 6, 30), 10732, "ipi"),
        (date(2023, 5, 31), 1400, "un"),
    ]
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
