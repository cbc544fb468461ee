from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from missions.models import Update
from tests.helpers import make_agreement, make_casualty, make_event, make_mission, make_report

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)


# What the public may read, and what it must never see, by the words each puts on a page.
PUBLIC_TEXTS = ("Published event at Kidal", "Accord signed in Algiers", "Patrols resumed in Gao today.")
HIDDEN_TEXTS = (
    "SECRETMISSION",
    "Unannounced mission",
    "SCHEDULEDMISSION",
    "Draft event at Gao",
    "Scheduled event at Timbuktu",
    "Draft accord of Mopti",
    "Draft post about Menaka.",
    "Draft report source",
    "Draft casualty source",
)


def make_update(mission, **overrides):
    values = {"author": "Jean Doe", "text": "An update.", "posted_at": datetime(2016, 7, 20, tzinfo=UTC), **overrides}
    return Update.objects.create(mission=mission, **values)


@pytest.fixture
def missions(db):
    """A published mission with public and hidden items, a draft mission and a scheduled one."""
    tomorrow = timezone.now() + timedelta(days=1)
    published = make_mission(acronym="MINUSMA", name="Mission in Mali")
    make_event(published, title="Published event at Kidal")
    make_event(published, title="Draft event at Gao", status="draft")
    make_event(published, title="Scheduled event at Timbuktu", publish_at=tomorrow)
    make_agreement(published, title="Accord signed in Algiers")
    make_agreement(published, title="Draft accord of Mopti", status="draft")
    make_update(published, text="Patrols resumed in Gao today.", status="published")
    make_update(published, text="Draft post about Menaka.", status="draft")
    make_report(published, date(2016, 6, 30), troops=10000)
    make_report(published, date(2016, 7, 31), troops=12000, source="Draft report source", status="draft")
    make_casualty(published, killed=2)
    make_casualty(published, killed=5, source="Draft casualty source", status="draft")
    draft = make_mission(acronym="SECRETMISSION", name="Unannounced mission", country="SS", status="draft")
    make_mission(acronym="SCHEDULEDMISSION", country="CF", publish_at=tomorrow)
    return published, draft


def csp_directives(header):
    """{"script-src": ["'self'"], ...} from a Content-Security-Policy header."""
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives
