from django.utils import timezone
from django.views.generic import DetailView, ListView

from .models import Mission, figures_by_mission


class MissionListView(ListView):
    template_name = "missions/mission_list.html"
    context_object_name = "missions"

    def get_queryset(self):
        return Mission.objects.published().active_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        figures = figures_by_mission(context["missions"], on=timezone.localdate())
        context["cards"] = [(mission, figures[mission.pk]) for mission in context["missions"]]
        return context


class MissionDetailView(DetailView):
    template_name = "missions/mission_detail.html"
    context_object_name = "mission"

    def get_queryset(self):
        return Mission.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["figures"] = figures_by_mission([self.object], on=timezone.localdate())[self.object.pk]
        return context
