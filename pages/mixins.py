from datetime import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from missions.models import Mission


class MissionPageMixin:
    """A page about one published mission as it stood on `?as_of=YYYY-MM-DD` (today by default).

    A date in the future means today; a malformed one answers 400. Signed-in staff get a
    preview: drafts and scheduled items too, marked, in a response no cache may keep.
    """

    context_object_name = "mission"

    def get_queryset(self):
        return Mission.objects.visible(preview=self.preview)

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
        context.update(
            as_of=self.as_of,
            as_of_given=self.as_of_given,
            # Links between a mission's pages keep the date being looked at.
            as_of_query=f"?as_of={self.as_of:%Y-%m-%d}" if self.as_of_given else "",
            status=mission.status_on(self.as_of),
            # Mandates and narratives are not versioned: a past page must say its texts are today's.
            texts_are_today=self.as_of < timezone.localdate(),
            preview=self.preview,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.preview:
            patch_cache_control(response, private=True, no_store=True)
        return response
