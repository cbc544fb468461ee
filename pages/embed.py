"""/missions/<slug>/embed/: the three counters alone, for partner sites to frame. Two queries.

The one page other sites may frame: its Content-Security-Policy allows any ancestor and it
sends no X-Frame-Options. It never reads the session, so it sets no cookie and stays the same
for every reader (a shared cache can keep it).
"""

from csp.decorators import csp_replace
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.generic import DetailView

from missions.models import figures_by_mission, headline

from .mixins import MissionPageMixin


class EmbedView(MissionPageMixin, DetailView):
    template_name = "pages/embed.html"
    previewable = False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = figures_by_mission([self.object], on=self.as_of)[self.object.pk]
        context["counters"] = headline(figures)
        return context


embed = xframe_options_exempt(csp_replace({"frame-ancestors": ["*"]})(EmbedView.as_view()))
