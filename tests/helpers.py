"""Small builders for test data: each makes a valid row, overrides win."""

import io
from datetime import date
from html.parser import HTMLParser

from PIL import Image

from missions.models import InterestPoint, Mission, PersonnelReport
from timeline.models import Agreement, Casualty, Event

# The first line of the UN Data Hub's fatalities file: its columns, in its order.
FATALITIES_HEADER = (
    "id,incident_date,casualty_id,mission_acronym,type_of_casualty,gender,casualty_nationality,"
    "casualty_personnel_type,type_of_incident,m49_code,isocode3,last_update\n"
)


def make_mission(**overrides):
    acronym = overrides.pop("acronym", "MINUSMA")
    values = {
        "slug": acronym.lower(),
        "name": f"Mission {acronym}",
        "country": "ML",
        "started_on": date(2013, 4, 25),
        "mandate": "<p>Support the political process and protect civilians.</p>",
        "status": "published",
        **overrides,
    }
    return Mission.objects.create(acronym=acronym, **values)


def make_report(mission, as_of, **counts):
    values = {"source": "UN", "status": "published", **counts}
    return PersonnelReport.objects.create(mission=mission, as_of=as_of, **values)


def make_event(mission, **overrides):
    values = {"date": date(2016, 7, 19), "title": "An event", "category": "attack", "status": "published", **overrides}
    return Event.objects.create(mission=mission, **values)


def make_casualty(mission, **overrides):
    values = {"date": date(2016, 2, 12), "killed": 1, "status": "published", **overrides}
    return Casualty.objects.create(mission=mission, **values)


def make_interest_point(mission, **overrides):
    values = {"title": "A point", "body": "<p>Why it matters.</p>", "status": "published", **overrides}
    return InterestPoint.objects.create(mission=mission, **values)


def make_agreement(mission, **overrides):
    values = {"title": "Peace agreement", "signed_on": date(2015, 5, 15), "status": "published", **overrides}
    return Agreement.objects.create(mission=mission, **values)


def mission_form(*, reports=(), **overrides):
    """What the admin's "add mission" form posts: a draft UNMISS, with the given personnel
    reports as inline rows (dicts of field values) and no other inline rows."""
    inlines = {"interest_points": 0, "personnel_reports": len(reports), "agreements": 0, "updates": 0}
    data = {
        "acronym": "UNMISS",
        "slug": "unmiss",
        "name": "United Nations Mission in South Sudan",
        "country": "SS",
        "started_on": "2011-07-08",
        "status": "draft",
        "interests_heading": "How This Affects U.S. Interests",
    }
    for prefix, total in inlines.items():
        data |= {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0"}
    for index, report in enumerate(reports):
        # A browser posts the selects' initial values (Draft, Entered by hand) unless others are chosen.
        data |= {
            f"personnel_reports-{index}-{name}": value
            for name, value in {"status": "draft", "source_kind": "hand", **report}.items()
        }
    return data | overrides


# --- Editorial workflow -------------------------------------------------------------------------


def make_staff(username, *, group):
    """A staff member in the Editor or Publisher group, as a superuser would set one up."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


class _FormReader(HTMLParser):
    """The name/value pairs a browser would submit from an admin change form, unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values, self.in_form, self.done = [], False, False
        self.textarea = self.select = None
        self.options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # The admin's change form is "<model>_form" (the header's logout form comes first).
        if tag == "form" and attrs.get("id", "").endswith("_form") and not self.done:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.values.append((name, attrs.get("value", "on")))
                return
            self.values.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            # A browser drops the one newline that follows <textarea>.
            self.values.append((self.textarea[0], self.textarea[1].removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected] or [v for v, _ in self.options[:1]]
            self.values += [(self.select, value) for value in chosen]
            self.select = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def admin_form(client, url):
    """GET an admin form and return what posting it back unchanged would send, as a dict."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    reader = _FormReader()
    reader.feed(response.content.decode())
    return dict(reader.values)


def image_bytes(format_="JPEG", size=(2000, 1000), color=(30, 90, 160), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=format_, **save_options)
    return buffer.getvalue()
