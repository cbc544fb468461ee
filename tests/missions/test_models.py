from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from missions.models import Headcount, Mission, PersonnelReport, figures_by_mission, figures_from
from tests.helpers import make_mission, make_report

pytestmark = pytest.mark.django_db


def figures_in_sql(mission, on):
    return figures_by_mission([mission], on=on)[mission.pk]


def figures_in_python(mission, on):
    return figures_from(PersonnelReport.objects.published().filter(mission=mission, as_of__lte=on))


@pytest.fixture(params=[figures_in_sql, figures_in_python], ids=["sql", "python"])
def figures_on(request):
    """The counters of a mission on a date, picked by either way of picking them: both must agree."""
    return request.param


def test_a_negative_count_is_refused_by_the_database():
    mission = make_mission()
    with pytest.raises(IntegrityError):
        make_report(mission, date(2016, 7, 31), troops=-1)


def test_a_negative_count_is_a_form_error_not_a_crash():
    report = PersonnelReport(mission=make_mission(), as_of=date(2016, 7, 31), troops=-5, source="UN")
    with pytest.raises(ValidationError) as error:
        report.full_clean()
    assert "troops" in error.value.message_dict


def test_a_mission_has_one_report_per_date_and_kind_of_source():
    mission = make_mission()
    make_report(mission, date(2016, 7, 31), troops=10358, source_kind="ipi")
    duplicate = PersonnelReport(mission=mission, as_of=date(2016, 7, 31), troops=1, source="IPI", source_kind="ipi")
    with pytest.raises(ValidationError, match="already has a report from this kind of source for that date"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError):
        duplicate.save()


def test_the_un_and_ipi_may_each_report_the_same_date():
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), troops=10732, source_kind="ipi")
    make_report(mission, date(2016, 6, 30), troops=10500, source_kind="un")
    make_report(mission, date(2016, 6, 30), national_civilians=800, source_kind="hand")

    assert PersonnelReport.objects.filter(mission=mission, as_of=date(2016, 6, 30)).count() == 3


def test_another_mission_may_report_on_the_same_date():
    make_report(make_mission(), date(2016, 7, 31), troops=1)
    make_report(make_mission(acronym="MINUSCA"), date(2016, 7, 31), troops=2)
    assert PersonnelReport.objects.count() == 2


def test_acronyms_and_slugs_are_unique():
    make_mission(acronym="MINUSMA", slug="minusma")
    with pytest.raises(IntegrityError):
        make_mission(acronym="MINUSMA", slug="other")


def test_a_mission_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        make_mission(started_on=date(2013, 4, 25), ended_on=date(2012, 1, 1))


def test_published_hides_drafts_and_what_is_not_yet_due():
    now = timezone.now()
    make_mission(acronym="PUBLIC")
    make_mission(acronym="DRAFT", status="draft")
    make_mission(acronym="DUE", publish_at=now - timedelta(minutes=1))
    make_mission(acronym="LATER", publish_at=now + timedelta(hours=1))
    make_mission(acronym="DRAFTLATER", status="draft", publish_at=now - timedelta(hours=1))

    visible = set(Mission.objects.published().values_list("acronym", flat=True))

    assert visible == {"PUBLIC", "DUE"}


def test_each_counter_comes_from_the_latest_report_that_knows_it(figures_on):
    mission = make_mission()
    make_report(mission, date(2016, 5, 20), international_civilians=500, national_civilians=600, un_volunteers=80)
    make_report(mission, date(2016, 6, 30), troops=10732, police_total=1250, contributing_countries=52)
    make_report(mission, date(2016, 7, 31), troops=10358, police_total=1295, contributing_countries=53)

    figures = figures_on(mission, date(2016, 7, 31))

    assert figures[Headcount.TROOPS].value == 10358
    assert figures[Headcount.TROOPS].as_of == date(2016, 7, 31)
    assert figures[Headcount.POLICE].value == 1295
    assert figures[Headcount.CIVILIANS].value == 1180
    assert figures[Headcount.CIVILIANS].as_of == date(2016, 5, 20)
    assert figures[Headcount.CONTRIBUTORS].value == 53


def test_counters_as_of_an_earlier_date_ignore_later_reports(figures_on):
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), troops=10732)
    make_report(mission, date(2016, 7, 31), troops=10358)

    figures = figures_on(mission, date(2016, 7, 15))

    assert figures[Headcount.TROOPS].value == 10732
    assert Headcount.CIVILIANS not in figures


def test_unknown_is_never_read_as_zero():
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), military_observers=40)
    make_report(mission, date(2016, 7, 31), troops=10358, military_observers=None)

    report = PersonnelReport.objects.get(as_of=date(2016, 7, 31))

    assert report.count(Headcount.POLICE) is None
    assert report.military_observers is None


def test_police_adds_individual_officers_and_formed_units_unless_only_a_total_is_known():
    mission = make_mission()
    split = make_report(mission, date(2016, 6, 30), individual_police=300, formed_police=1000)
    total = make_report(mission, date(2016, 7, 31), police_total=1295)

    assert split.count(Headcount.POLICE) == 1300
    assert total.count(Headcount.POLICE) == 1295


def test_counters_for_many_missions_cost_one_query(django_assert_num_queries):
    missions = [make_mission(acronym=f"M{i}") for i in range(5)]
    for mission in missions:
        for month in range(1, 7):
            make_report(mission, date(2016, month, 28), troops=month, national_civilians=month)

    with django_assert_num_queries(1):
        figures = figures_by_mission(missions, on=date(2016, 12, 31))

    assert all(figures[m.pk][Headcount.TROOPS].value == 6 for m in missions)


def test_on_the_same_date_the_un_file_wins_over_ipi_and_ipi_over_a_hand_entry(figures_on):
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), troops=1, police_total=1, source="Typed", source_kind="hand")
    make_report(mission, date(2016, 6, 30), troops=10732, police_total=1250, source="IPI", source_kind="ipi")
    make_report(
        mission,
        date(2016, 6, 30),
        troops=10500,
        individual_police=300,
        formed_police=900,
        source="UN file",
        source_kind="un",
    )

    figures = figures_on(mission, date(2016, 7, 31))

    assert (figures[Headcount.TROOPS].value, figures[Headcount.TROOPS].source) == (10500, "UN file")
    assert (figures[Headcount.POLICE].value, figures[Headcount.POLICE].source) == (1200, "UN file")


def test_a_counter_takes_its_number_and_its_label_from_one_report(figures_on):
    mission = make_mission()
    # The UN's file knows troops only; IPI that day also knows the police: each counter names its own source.
    make_report(mission, date(2016, 6, 30), troops=10500, source="UN file", source_kind="un")
    make_report(mission, date(2016, 6, 30), troops=10732, police_total=1250, source="IPI", source_kind="ipi")

    figures = figures_on(mission, date(2016, 7, 31))

    assert (figures[Headcount.TROOPS].value, figures[Headcount.TROOPS].source) == (10500, "UN file")
    assert (figures[Headcount.POLICE].value, figures[Headcount.POLICE].source) == (1250, "IPI")


def test_a_newer_report_wins_whatever_its_kind_of_source(figures_on):
    mission = make_mission()
    make_report(mission, date(2016, 6, 30), troops=10500, source="UN file", source_kind="un")
    make_report(mission, date(2016, 7, 31), troops=10358, source="IPI", source_kind="ipi")

    figures = figures_on(mission, date(2016, 7, 31))

    assert (figures[Headcount.TROOPS].value, figures[Headcount.TROOPS].as_of) == (10358, date(2016, 7, 31))


def test_the_two_ways_of_picking_counters_agree_on_every_date_of_the_demo(demo):
    for mission in Mission.objects.all():
        days = sorted(set(mission.personnel_reports.values_list("as_of", flat=True)))
        for on in days + [day - timedelta(days=1) for day in days]:
            assert figures_in_python(mission, on) == figures_in_sql(mission, on), (mission.acronym, on)
