from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tests.helpers import make_casualty, make_mission
from timeline.models import Casualty, Event, reading_order

pytestmark = pytest.mark.django_db


def test_a_un_casualty_id_is_recorded_once():
    mission = make_mission()
    make_casualty(mission, casualty_id="MINUSMA-2016-02-09622")
    with pytest.raises(IntegrityError):
        make_casualty(mission, casualty_id="MINUSMA-2016-02-09622")


def test_records_without_a_un_id_do_not_collide():
    mission = make_mission()
    make_casualty(mission, group="national_forces", killed=17, injured=35)
    make_casualty(mission, group="civilians", killed=20)
    assert Casualty.objects.filter(casualty_id__isnull=True).count() == 2


def test_negative_counts_are_refused():
    with pytest.raises(IntegrityError):
        make_casualty(make_mission(), killed=-1)


def test_a_casualty_row_must_count_someone():
    with pytest.raises(IntegrityError):
        make_casualty(make_mission(), killed=0, injured=0)


def test_a_un_fatality_record_is_one_death():
    casualty = Casualty(mission=make_mission(), date=date(2016, 2, 12), killed=3, casualty_id="X-1")
    with pytest.raises(ValidationError, match="one UN fatality"):
        casualty.full_clean()


def test_an_event_known_to_the_month_is_stored_as_its_first_day():
    event = Event(
        mission=make_mission(), date=date(2012, 6, 17), date_precision="month", title="Takeover", category="security"
    )
    event.full_clean()
    assert event.date == date(2012, 6, 1)


def test_events_known_to_the_month_or_year_read_after_the_dated_events_of_that_period_in_sql_as_in_python():
    mission = make_mission()
    for title, day, precision in [
        ("Review of 2016", date(2016, 1, 1), "year"),
        ("State of emergency", date(2016, 7, 1), "month"),
        ("Attack", date(2016, 7, 19), "day"),
        ("August talks", date(2016, 8, 2), "day"),
        ("New year", date(2017, 1, 1), "day"),
        ("Coup", date(2016, 7, 1), "day"),
        ("Budget", date(2016, 12, 31), "day"),
        ("Review of July", date(2016, 7, 1), "month"),
    ]:
        Event.objects.create(mission=mission, title=title, date=day, date_precision=precision, category="other")

    in_sql = [event.title for event in Event.objects.in_reading_order()]
    in_python = [
        event.title for event in sorted(Event.objects.all(), key=lambda e: reading_order(e.date, e.date_precision))
    ]

    expected = [
        "Coup",
        "Attack",
        "State of emergency",
        "Review of July",
        "August talks",
        "Budget",
        "Review of 2016",
        "New year",
    ]
    assert in_sql == in_python == expected


def test_an_event_resorts_when_its_date_or_precision_changes():
    mission = make_mission()
    event = Event.objects.create(mission=mission, title="Talks", date=date(2016, 2, 3), category="other")
    Event.objects.create(mission=mission, title="Attack", date=date(2016, 2, 20), category="other")
    Event.objects.create(mission=mission, title="Ceasefire", date=date(2016, 3, 1), category="other")

    event.date_precision = "month"  # only February is known: it reads after the month's dated events (29 days)
    event.save()
    assert [e.title for e in Event.objects.in_reading_order()] == ["Attack", "Talks", "Ceasefire"]

    event.date, event.date_precision = date(2015, 5, 5), "day"
    event.save()
    assert [e.title for e in Event.objects.in_reading_order()] == ["Talks", "Attack", "Ceasefire"]
