from datetime import datetime

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from timeline.models import Agreement, Casualty, Event

from . import charts
from .models import Headcount, Mission, Update, figures_by_mission

COUNTERS = (Headcount.TROOPS, Headcount.POLICE, Headcount.CIVILIANS)


def counters(figures):
    """[(headcount, Figure or None)] for the three counters every mission shows."""
    return [(kind, figures.get(kind)) for kind in COUNTERS]


class MissionListView(ListView):
    template_name = "missions/mission_list.html"
    context_object_name = "missions"

    def get_queryset(self):
        return Mission.objects.published().active_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = figures_by_mission(context["missions"], on=timezone.localdate())
        context["cards"] = [(mission, counters(figures[mission.pk])) for mission in context["missions"]]
        # The navigation lists the same missions: no need to ask the database twice.
        context["nav_missions"] = context["missions"]
        return context


class MissionPageMixin:
    """A page about one published mission as it stood on `?as_of=YYYY-MM-DD` (today by default).

    A date in the future means today; a malformed one answers 400. Signed-in staff get a
    preview: drafts and scheduled items too, marked, in a response no cache may keep.
    """

    context_object_name = "mission"

    def get_queryset(self):
        return self.visible(Mission)

    def visible(self, model):
        """What this reader may see of a publishable model: everything in a preview, else the published."""
        return model.objects.all() if self.preview else model.objects.published()

    def dispatch(self, request, *args, **kwargs):
        # No query for a reader without a session: the anonymous query budgets stay as they are.
        self.preview = request.user.is_active and request.user.is_staff
        today = timezone.localdate()
        raw = request.GET.get("as_of", "")
        self.as_of_given = bool(raw)
        try:
            self.as_of = min(datetime.strptime(raw, "%Y-%m-%d").date(), today) if raw else today
        except ValueError:
            message = _("“%(value)s” is not a date. Use the form YYYY-MM-DD, for example 2016-07-31.") % {"value": raw}
            return render(request, "400.html", {"message": message}, status=400)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission = self.object
        context["as_of"] = self.as_of
        context["as_of_given"] = self.as_of_given
        # Links between a mission's pages keep the date being looked at.
        context["as_of_query"] = f"?as_of={self.as_of:%Y-%m-%d}" if self.as_of_given else ""
        context["is_current"] = mission.ended_on is None or mission.ended_on > self.as_of
        context["preview"] = self.preview
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.preview:
            patch_cache_control(response, private=True, no_store=True)
        return response


class MissionDetailView(MissionPageMixin, DetailView):
    """The briefing page: nine queries however many events, reports and casualties there are."""

    template_name = "missions/mission_detail.html"
    recent_events = 5
    recent_updates = 5

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        mission, as_of = self.object, self.as_of
        figures = figures_by_mission([mission], on=as_of)[mission.pk]
        reports = mission.personnel_reports.filter(as_of__lte=as_of).order_by("as_of")
        recent = self.visible(Event).filter(mission=mission, date__lte=as_of).order_by("-date", "-pk")
        context.update(
            counters=counters(figures),
            contributors=figures.get(Headcount.CONTRIBUTORS),
            personnel_rows=[(report.as_of, {kind: report.count(kind) for kind in COUNTERS}) for report in reports],
            events=list(recent[: self.recent_events])[::-1],
            fatalities=Casualty.objects.filter(mission=mission, date__lte=as_of).un_totals(),
            agreements=self.visible(Agreement).filter(mission=mission, signed_on__lte=as_of),
            interest_points=mission.interest_points.all(),
            updates=self.visible(Update).filter(mission=mission, posted_at__date__lte=as_of)[: self.recent_updates],
        )
        context["personnel_chart"] = charts.line_chart(
            context["personnel_rows"], [(kind.value, kind.label) for kind in COUNTERS]
        )
        # schema.org metadata for search engines, rendered as JSON-LD in the page's head.
        context["structured_data"] = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": f"{mission.acronym}: {mission.name}",
            "description": mission.summary,
            "url": settings.SITE_URL.rstrip("/") + mission.get_absolute_url(),
            "dateModified": mission.updated_at,
            "inLanguage": get_language(),
            "about": {"@type": "Country", "name": mission.country.name},
        }
        return context
