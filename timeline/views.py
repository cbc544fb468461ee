from collections import defaultdict
from itertools import groupby

from django import forms
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import DetailView
from django_countries import countries

from missions import charts
from missions.views import MissionPageMixin

from .models import Agreement, Casualty, Event

TOP_NATIONALITIES = 10


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[("", gettext_lazy("All events"))] + Event.Category.choices,
    )


class TimelineView(MissionPageMixin, DetailView):
    """The full chronology, grouped by year: five queries whatever its length."""

    template_name = "timeline/timeline.html"

    def get(self, request, *args, **kwargs):
        self.form = CategoryForm(request.GET)
        if not self.form.is_valid():
            return render(request, "400.html", {"message": _("There is no such category.")}, status=400)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission, category = self.object, self.form.cleaned_data["category"]
        events = self.visible(Event).filter(mission=mission, date__lte=self.as_of)
        if category:
            events = events.filter(category=category)
        casualties = defaultdict(list)
        per_event_group = (
            Casualty.objects.filter(event__in=events)
            .values("event_id", "group")
            .annotate(killed=Sum("killed"), injured=Sum("injured"))
            .order_by("event_id", "group")
        )
        for row in per_event_group:
            row["group_label"] = Casualty.Group(row["group"]).label
            casualties[row["event_id"]].append(row)
        entries = []
        for event in events:
            event.casualty_rows = casualties[event.pk]
            entries.append((event.date, "event", event))
        if category in ("", Event.Category.POLITICAL):
            agreements = self.visible(Agreement).filter(mission=mission, signed_on__lte=self.as_of)
            entries += [(agreement.signed_on, "agreement", agreement) for agreement in agreements]
        entries.sort(key=lambda entry: entry[0])
        context["form"] = self.form
        context["category"] = category
        context["years"] = [(year, list(items)) for year, items in groupby(entries, key=lambda entry: entry[0].year)]
        return context


class CasualtiesView(MissionPageMixin, DetailView):
    """Totals and breakdowns of casualties, each a chart with its table: seven queries."""

    template_name = "timeline/casualties.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        records = Casualty.objects.filter(mission=self.object, date__lte=self.as_of)
        un = records.un()

        by_year = defaultdict(dict)
        per_year = (
            un.annotate(year=ExtractYear("date"))
            .values("year", "incident_type")
            .annotate(killed=Sum("killed"))
            .order_by("year")
        )
        for row in per_year:
            by_year[row["year"]][row["incident_type"] or Casualty.IncidentType.UNKNOWN] = row["killed"]
        years = range(min(by_year), max(by_year) + 1) if by_year else []
        year_rows = [(year, by_year.get(year, {})) for year in years]
        recorded = {kind for figures in by_year.values() for kind in figures}
        incident_keys = [(kind, label) for kind, label in Casualty.IncidentType.choices if kind in recorded]

        personnel = un.values("personnel_type").annotate(killed=Sum("killed")).order_by("-killed", "personnel_type")
        personnel_labels = dict(Casualty.PersonnelType.choices)
        personnel_rows = [
            (personnel_labels.get(row["personnel_type"], _("Not recorded")), row["killed"]) for row in personnel
        ]

        nationalities = un.values("nationality").annotate(killed=Sum("killed")).order_by("-killed", "nationality")
        nationality_rows = top_and_rest(
            [(nationality_name(row["nationality"]), row["killed"]) for row in nationalities]
        )

        others = (
            records.exclude(group=Casualty.Group.UN_PERSONNEL)
            .values("group")
            .annotate(killed=Sum("killed"), injured=Sum("injured"))
            .order_by("group")
        )
        context.update(
            totals=records.un_totals(),
            incident_keys=incident_keys,
            year_rows=year_rows,
            year_chart=charts.stacked_bars(year_rows, incident_keys),
            personnel_rows=personnel_rows,
            personnel_chart=charts.row_chart(personnel_rows),
            nationality_rows=nationality_rows,
            nationality_chart=charts.row_chart(nationality_rows),
            other_groups=[{**row, "label": Casualty.Group(row["group"]).label} for row in others],
        )
        return context


def nationality_name(code):
    return countries.name(code) if code else _("Undetermined")


def top_and_rest(rows, top=TOP_NATIONALITIES):
    """The first `top` (label, count) rows, then one row adding up the others."""
    if len(rows) <= top:
        return rows
    rest = rows[top:]
    label = ngettext("%(count)s other country", "%(count)s other countries", len(rest)) % {"count": len(rest)}
    return rows[:top] + [(label, sum(count for _label, count in rest))]
