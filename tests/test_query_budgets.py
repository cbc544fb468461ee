"""Each public page costs a fixed number of queries, however much content a mission has."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from missions.models import PersonnelReport
from tests.helpers import make_agreement, make_mission
from timeline.models import Casualty, Event

pytestmark = pytest.mark.django_db

PAGES = {
    "/missions/minusma/": 6,
    "/missions/minusma/?as_of=2016-07-31": 6,
    "/missions/minusma/timeline/": 4,
    "/missions/minusma/timeline/?category=attack": 3,
    "/missions/minusma/casualties/": 6,
    "/": 3,  # missions, their counters, and the posts about every mission
    "/missions/minusma/feed/": 3,
    "/feed/": 2,
    "/sitemap.xml": 1,
    "/robots.txt": 0,
    "/missions/minusma/personnel.csv": 2,
    "/missions/minusma/casualties.csv?as_of=2016-07-31": 2,
    "/missions/minusma/events.csv": 2,
    "/missions/minusma/data.json": 5,
    "/missions/minusma/embed/": 2,
    "/missions/minusma/card.png": 2,
    "/search/?q=event+attack": 4,
    "/search/?q=event&page=3": 4,
}


def fill(mission, *, events, casualties):
    start = date(2013, 7, 1)
    Event.objects.bulk_create(
        Event(
            mission=mission, date=start + timedelta(days=i), title=f"Event {i}", category="attack", status="published"
        )
        for i in range(events)
    )
    Event.objects.filter(mission=mission).update(status="published")
    first_event = Event.objects.filter(mission=mission).first()
    Casualty.objects.bulk_create(
        Casualty(
            mission=mission,
            event=first_event if i % 10 == 0 else None,
            date=start + timedelta(days=i % 1500),
            casualty_id=f"X-{mission.pk}-{i}",
            killed=1,
            incident_type=["malicious_act", "illness", "accident"][i % 3],
            personnel_type="military",
            nationality=["TD", "BF", "NE", "TG", "GN", "BD", "NL", "SN", "KH", "ML", "CN", "FR"][i % 12],
            status="published",
        )
        for i in range(casualties)
    )
    PersonnelReport.objects.bulk_create(
        PersonnelReport(
            mission=mission, as_of=start + timedelta(days=30 * i), troops=5000 + i, source="UN", status="published"
        )
        for i in range(events // 10)
    )
    make_agreement(mission)


def queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture(scope="module")
def small_and_large(django_db_setup, django_db_blocker):
    """A mission with 10 events and 100 casualty records, and one with 1,000 and 10,000: made once for
    the module, in a transaction rolled back at its end (as Django's TestCase.setUpTestData does);
    each test's own changes are rolled back to it."""
    with django_db_blocker.unblock(), transaction.atomic():
        fill(make_mission(acronym="SMALL", slug="small"), events=10, casualties=100)
        fill(make_mission(acronym="MINUSMA", slug="minusma"), events=1000, casualties=10000)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("path", PAGES)
def test_queries_do_not_grow_with_content(small_and_large, client, path):
    # A running site: what is kept until content changes (when the next scheduled change is due,
    # the navigation's missions) is known, asked once.
    client.get(path)
    assert queries(client, path.replace("minusma", "small")) == PAGES[path]
    assert queries(client, path) == PAGES[path]
    assert PAGES[path] <= 10


def test_when_the_next_scheduled_change_is_due_is_asked_once_then_kept(client):
    make_mission(acronym="UNMISS", slug="unmiss")
    first = queries(client, "/")
    assert queries(client, "/") == PAGES["/"] < first
