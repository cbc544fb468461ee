"""The public pages: the mission list, and each mission's briefing, timeline and casualties.

Each view fetches what its template shows, with the queries named in its docstring, then
hands it over; `tests/test_query_budgets.py` holds them to those numbers.
"""

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from missions.models import (
    HEADLINE,
    Headcount,
    InterestPoint,
    Mission,
    PersonnelReport,
    Update,
    figures_by_mission,
    figures_from,
    headline,
)
from timeline.models import Agreement, Casualty, Event, chronology, entries, incident_types

from . import charts
from .cards import card_version
from .feeds import absolute
from .mixins import MissionPageMixin
from .templatetags.briefing import precise_date


class MissionListView(ListView):
    """Every published mission, active first, with its counters, and the site-wide posts: three queries."""

    template_name = "missions/mission_list.html"
    context_object_name = "missions"
    recent_updates = 5

    def get_queryset(self):
        return Mission.objects.published().active_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = figures_by_mission(context["missions"], on=timezone.localdate())
        context["cards"] = [(mission, headline(figures[mission.pk])) for mission in context["missions"]]
        # Posts about every mission (no mission of their own) belong here.
        context["updates"] = Update.objects.published().filter(mission=None)[: self.recent_updates]
        # The navigation lists the same missions: no need to ask the database twice.
        context["nav_missions"] = context["missions"]
        return context


class BriefingView(MissionPageMixin, DetailView):
    """The briefing page: six queries however many events, reports and casualties there are.

    The mission with its UN fatality totals, its personnel reports (the counters are picked from
    them in Python), the latest events, the agreements, the interest points and the posts; the
    navigation's missions come from the cache (a seventh query when it is cold).
    """

    template_name = "missions/mission_detail.html"
    recent_events = 5
    recent_updates = 5

    def get_queryset(self):
        casualties = self.visible(Casualty).filter(date__lte=self.as_of)
        return super().get_queryset().annotate(un_totals=casualties.un_totals_per_mission())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission, as_of = self.object, self.as_of
        reports = list(self.visible(PersonnelReport).filter(mission=mission, as_of__lte=as_of).order_by("as_of"))
        figures = figures_from(reports)
        personnel_rows = [(report.as_of, {kind: report.count(kind) for kind in HEADLINE}) for report in reports]
        recent = self.visible(Event).filter(mission=mission, date__lte=as_of)
        recent = self.shown(recent.in_reading_order().reverse()[: self.recent_events])[::-1]  # as the timeline reads
        agreements = self.shown(self.visible(Agreement).filter(mission=mission, signed_on__lte=as_of))
        # The latest entries of the timeline, agreements among them (fetched once for their own section too).
        latest = entries(recent, agreements)[-self.recent_events :]
        updates = self.visible(Update).filter(mission=mission, posted_at__lt=end_of(as_of))
        counters = headline(figures)
        personnel_chart = charts.drawn(
            charts.line_chart, personnel_rows, [(kind.value, kind.label) for kind in HEADLINE]
        )
        context.update(
            counters=counters,
            uniformed=uniformed_total(figures),
            card_version=card_version(mission, counters),
            contributors=figures.get(Headcount.CONTRIBUTORS),
            personnel_chart=personnel_chart,
            personnel_table=table(personnel_rows, personnel_chart["wide"].legend) if personnel_chart else [],
            latest=latest,
            legend=legend(latest),
            ceilings_shown=mission.ceilings_shown_on(as_of),
            fatalities=mission.un_totals or {},
            # The UN's data runs to its last update, or to the date shown if that is earlier.
            fatalities_as_of=min(as_of, mission.fatalities_updated_on) if mission.fatalities_updated_on else None,
            agreements=agreements,
            interest_points=self.shown(self.visible(InterestPoint).filter(mission=mission)),
            updates=self.shown(updates[: self.recent_updates]),
            structured_data=structured_data(mission),
        )
        return context


def table(rows, legend):
    """The table under a line chart, written out once: [(date, [figure as written, or None when not
    reported])], a column per series the chart draws."""
    return [
        (precise_date(day), [None if figures[key] is None else charts.number(figures[key]) for key, _label in legend])
        for day, figures in rows
    ]


def end_of(day):
    """The moment `day` ends in the site's time zone: compared with a datetime column as it is, unlike `__date`."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def uniformed_total(figures):
    """Troops and police added up, only when both figures come from the same report: a sum of figures
    of different dates or sources would describe no day and no report."""
    troops, police = figures.get(Headcount.TROOPS), figures.get(Headcount.POLICE)
    if troops is None or police is None:
        return None
    if (troops.as_of, troops.source, troops.source_url) != (police.as_of, police.source, police.source_url):
        return None
    return replace(troops, value=troops.value + police.value)


def legend(found):
    """[(key, label)] of the kinds of timeline entry in `found`, for its legend, in the order of the choices."""
    kinds = {item.category if kind == "event" else kind for _day, kind, item in found}
    choices = [*Event.Category.choices, ("agreement", _("Peace agreement"))]
    return [(key, label) for key, label in choices if key in kinds]


def structured_data(mission):
    """schema.org metadata for search engines, rendered as JSON-LD in the page's head."""
    return {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": f"{mission.acronym}: {mission.name}",
        "description": mission.summary,
        "url": absolute(mission.get_absolute_url()),
        "dateModified": mission.updated_at,
        "inLanguage": get_language(),
        "about": {"@type": "Country", "name": mission.country.name},
    }


class CategoryForm(forms.Form):
    category = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[("", gettext_lazy("All events"))] + Event.Category.choices,
    )


class TimelineView(MissionPageMixin, DetailView):
    """The full chronology, grouped by year: four queries whatever its length (three when filtered)."""

    template_name = "timeline/timeline.html"

    def get(self, request, *args, **kwargs):
        self.form = CategoryForm(request.GET)
        if not self.form.is_valid():
            return render(request, "400.html", {"message": _("There is no such category.")}, status=400)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission, as_of = self.object, self.as_of
        category = self.form.cleaned_data["category"]
        events = self.visible(Event).filter(mission=mission, date__lte=as_of)
        agreements = self.visible(Agreement).filter(mission=mission, signed_on__lte=as_of)
        if category:
            events = events.filter(category=category)
        if category not in ("", Event.Category.POLITICAL):  # agreements are political milestones
            agreements = agreements.none()
        years = chronology(self.shown(events.with_casualties(self.visible(Casualty))), self.shown(agreements))
        context.update(
            form=self.form,
            category=category,
            years=years,
            legend=legend([entry for _year, found in years for entry in found]),
        )
        return context


class CasualtiesView(MissionPageMixin, DetailView):
    """Totals and breakdowns of casualties, each a chart with its table: six queries."""

    template_name = "timeline/casualties.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission, as_of = self.object, self.as_of
        records = self.visible(Casualty).filter(mission=mission, date__lte=as_of)
        # The data runs to the date shown or to the UN's last update, whichever is earlier; a year
        # that date cuts short is marked, so that it does not read as a fall in deaths.
        covered_to = min(as_of, mission.fatalities_updated_on or as_of)
        year_rows = [
            (f"{year}*" if year == covered_to.year and covered_to < date(year, 12, 31) else year, figures, total)
            for year, figures, total in records.killed_by_year()
        ]
        personnel_rows = records.killed_by_personnel_type()
        nationality_rows = records.killed_by_nationality()
        context.update(
            totals=records.un_totals(),
            year_rows=year_rows,
            year_chart=charts.drawn(
                charts.stacked_bars, [(year, figures) for year, figures, _total in year_rows], incident_types(year_rows)
            ),
            personnel_rows=personnel_rows,
            personnel_chart=charts.drawn(charts.row_chart, personnel_rows),
            nationality_rows=nationality_rows,
            nationality_chart=charts.drawn(charts.row_chart, nationality_rows),
            other_groups=records.other_groups(),
            partial_year=covered_to if year_rows and str(year_rows[-1][0]).endswith("*") else None,
        )
        return context


def robots_txt(request):
    """Crawlers may read every public page; the sitemap lists them."""
    return HttpResponse(
        f"User-agent: *\nDisallow: /admin/\nSitemap: {absolute(reverse('sitemap'))}\n", content_type="text/plain"
    )
