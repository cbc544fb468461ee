"""Small builders for test data: each makes a valid row, overrides win."""

from datetime import date

from missions.models import Mission, PersonnelReport
from timeline.models import Agreement, Casualty, Event


def make_mission(**overrides):
    acronym = overrides.pop("acronym", "MINUSMA")
    values = {
        "slug": acronym.lower(),
        "name": f"Mission {acronym}",
        "country": "ML",
        "started_on": date(2013, 4, 25),
        "status": "published",
        **overrides,
    }
    return Mission.objects.create(acronym=acronym, **values)


def make_report(mission, as_of, **counts):
    return PersonnelReport.objects.create(mission=mission, as_of=as_of, source=counts.pop("source", "UN"), **counts)


def make_event(mission, **overrides):
    values = {"date": date(2016, 7, 19), "title": "An event", "category": "attack", "status": "published", **overrides}
    return Event.objects.create(mission=mission, **values)


def make_casualty(mission, **overrides):
    values = {"date": date(2016, 2, 12), "killed": 1, **overrides}
    return Casualty.objects.create(mission=mission, **values)


def make_agreement(mission, **overrides):
    values = {"title": "Peace agreement", "signed_on": date(2015, 5, 15), "status": "published", **overrides}
    return Agreement.objects.create(mission=mission, **values)
