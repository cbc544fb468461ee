"""Open data: a mission's figures as CSV and JSON, as the briefing shows them on `?as_of=` (today by default).

Only published data, whoever asks. Each figure comes with its date, source and source link, and the
figures come from the same functions as the pages' (figures_from, the Casualty QuerySet), so
the files and the pages never disagree.
"""

import csv
from urllib.parse import urlsplit

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.generic import DetailView

from missions.models import Headcount, figures_from
from timeline.models import Casualty, Event

from .feeds import absolute
from .mixins import MissionPageMixin

# The UN Peace and Security Data Hub's terms: figures taken from it carry this licence and credit.
UN_DATA_HOST = "psdata.un.org"
LICENCE = {
    "name": "CC BY-IGO 3.0",
    "url": "https://creativecommons.org/licenses/by/3.0/igo/",
    "attribution": "UN Peace and Security Pillar (DPPA/DPO)",
    "applies_to": f"figures whose source link is on {UN_DATA_HOST}, the UN Peace and Security Data Hub",
}


def licence(source_url):
    """The licence and attribution columns of a figure: filled for the UN's open data, empty for other sources."""
    host = urlsplit(source_url or "").hostname or ""
    is_un_data = host == UN_DATA_HOST or host.endswith("." + UN_DATA_HOST)
    return {
        "licence": LICENCE["name"] if is_un_data else "",
        "attribution": LICENCE["attribution"] if is_un_data else "",
    }


def sourced(source, source_url):
    return {"source": source, "source_url": source_url, **licence(source_url)}


def figure_data(figure):
    """A counter's Figure with its date and source, or None when no report knows it."""
    if figure is None:
        return None
    return {"value": figure.value, "date": figure.as_of} | sourced(figure.source, figure.source_url)


# Every file starts with the mission's acronym, so that files of several missions can be put together.
PERSONNEL_FIELDS = ("mission", "date", *Headcount.values, "source", "source_url", "licence", "attribution")
CASUALTY_FIELDS = (
    "mission",
    "date",
    "group",
    "killed",
    "injured",
    "personnel_type",
    "incident_type",
    "nationality",
    "un_casualty_id",
    "source",
    "source_url",
    "licence",
    "attribution",
)
EVENT_FIELDS = ("mission", "date", "date_precision", "category", "title", "place", "url", "source", "source_url")


def personnel_reports(mission, as_of):
    """The mission's published personnel reports up to `as_of`, oldest first."""
    return list(mission.personnel_reports.published().filter(as_of__lte=as_of).order_by("as_of"))


def personnel_rows(mission, reports):
    """One row per report, each headcount counted as the briefing's table counts it."""
    return [
        {"mission": mission.acronym, "date": report.as_of, **{kind.value: report.count(kind) for kind in Headcount}}
        | sourced(report.source, report.source_url)
        for report in reports
    ]


def casualty_records(mission, as_of):
    return Casualty.objects.published().filter(mission=mission, date__lte=as_of)


def casualty_rows(mission, as_of):
    return [
        {
            "mission": mission.acronym,
            "date": record.date,
            "group": record.group,
            "killed": record.killed,
            "injured": record.injured,
            "personnel_type": record.personnel_type,
            "incident_type": record.incident_type,
            "nationality": record.nationality.code,
            "un_casualty_id": record.casualty_id,
        }
        | sourced(record.source, record.source_url)
        for record in casualty_records(mission, as_of).order_by("date", "pk")
    ]


def event_rows(mission, as_of):
    timeline = absolute(reverse("pages:timeline", kwargs={"slug": mission.slug}))
    events = Event.objects.published().filter(mission=mission, date__lte=as_of).order_by("date", "pk")
    return [
        {
            "mission": mission.acronym,
            "date": event.date,
            "date_precision": event.date_precision,
            "category": event.category,
            "title": event.title,
            "place": event.place,
            "url": f"{timeline}#event-{event.pk}",
            "source": event.source,
            "source_url": event.source_url,
        }
        for event in events
    ]


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula (=, +, -, @, or a tab or return first) is
    prefixed with an apostrophe, which spreadsheets show as text."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return "" if value is None else value


class DownloadView(MissionPageMixin, DetailView):
    previewable = False
    name = ""  # the file's name after the mission's slug, e.g. "personnel.csv"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        response = self.respond(self.object, self.as_of)
        filename = f"{self.object.slug}-{self.as_of:%Y-%m-%d}-{self.name}"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response


class CSVView(DownloadView):
    fields = ()
    rows = None  # staticmethod(rows(mission, as_of)): [{field: value}]

    def respond(self, mission, as_of):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        writer = csv.DictWriter(response, fieldnames=self.fields)
        writer.writeheader()
        for row in self.rows(mission, as_of):
            writer.writerow({field: spreadsheet_safe(value) for field, value in row.items()})
        return response


class PersonnelCSV(CSVView):
    """Two queries, as the other CSV files: the mission, then its rows."""

    name, fields = "personnel.csv", PERSONNEL_FIELDS

    @staticmethod
    def rows(mission, as_of):
        return personnel_rows(mission, personnel_reports(mission, as_of))


class CasualtiesCSV(CSVView):
    name, fields, rows = "casualties.csv", CASUALTY_FIELDS, staticmethod(casualty_rows)


class EventsCSV(CSVView):
    name, fields, rows = "events.csv", EVENT_FIELDS, staticmethod(event_rows)


class DataJSON(DownloadView):
    """Every figure the briefing shows, with its date, source and licence: five queries (the mission, its
    personnel reports, its UN fatality totals and their sources, its events)."""

    name = "data.json"

    def respond(self, mission, as_of):
        reports = personnel_reports(mission, as_of)
        # The counters are picked from the reports listed below, as the briefing picks them.
        figures = figures_from(reports)
        records = casualty_records(mission, as_of)
        files = {
            name: absolute(reverse(f"pages:{view}", kwargs={"slug": mission.slug})) + f"?as_of={as_of:%Y-%m-%d}"
            for name, view in (
                ("personnel", "personnel_csv"),
                ("casualties", "casualties_csv"),
                ("events", "events_csv"),
            )
        }
        data = {
            "mission": {
                "acronym": mission.acronym,
                "name": mission.name,
                "country": mission.country.code,
                "url": absolute(mission.get_absolute_url()),
            },
            "as_of": as_of,
            "licence": LICENCE,
            "counters": {kind.value: figure_data(figures.get(kind)) for kind in Headcount},
            "authorised_strength": {
                "troops": mission.troop_ceiling,
                "police": mission.police_ceiling,
                "date": mission.ceilings_as_of,
            }
            | sourced(mission.ceilings_source, mission.ceilings_source_url)
            if mission.ceilings_shown_on(as_of)
            else None,
            "budget": {
                "usd": mission.budget_usd,
                "period": mission.budget_period,
                "us_share_percent": mission.us_share_percent,
                "us_share_usd": mission.us_share_usd,
            }
            | sourced(mission.budget_source, mission.budget_source_url)
            if mission.budget_usd
            else None,
            "un_fatalities": {
                **records.un_totals(),
                "up_to": as_of,
                "sources": [
                    sourced(row["source"], row["source_url"])
                    for row in records.un().values("source", "source_url").distinct().order_by("source")
                ],
                "records": files["casualties"],
            },
            "personnel": personnel_rows(mission, reports),
            "events": event_rows(mission, as_of),
            "files": files,
        }
        return JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False, "indent": 2})
