from datetime import datetime

from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from editorial import revisions
from editorial.publication import publishable_models
from missions.models import Mission

from .feeds import absolute


class MissionPageMixin:
    """A page about one published mission as it stood on `?as_of=YYYY-MM-DD` (today by default).

    A date in the future means today; a malformed one answers 400. Signed-in staff get a preview
    of what they may see in the admin: drafts, scheduled items and changes waiting for review,
    marked, in a response no cache may keep.
    """

    context_object_name = "mission"
    # What is made for others to reuse (downloads, the embed, the social card) shows what is
    # published, whoever asks: it never reads the session, so it never varies by cookie.
    previewable = True

    def can_preview(self, model):
        """Drafts of a model, for staff allowed to see it in the admin (never for readers: no query then)."""
        if not self.previewable:
            return False
        user = self.request.user
        if not (user.is_active and user.is_staff):
            return False
        return user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")

    def visible(self, model):
        """What this reader may see of a publishable model."""
        return model.objects.visible(preview=self.can_preview(model))

    def shown(self, items):
        """The items as this reader sees them: in a preview, with their changes waiting for review."""
        return revisions.overlay(items) if self.preview else list(items)

    def get_queryset(self):
        return self.visible(Mission)

    def get_object(self, queryset=None):
        return self.shown([super().get_object(queryset)])[0]

    def dispatch(self, request, *args, **kwargs):
        self.preview = any(self.can_preview(model) for model in publishable_models())
        self.today = today = timezone.localdate()
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
            today=self.today,
            # Links between a mission's pages keep the date being looked at.
            as_of_query=f"?as_of={self.as_of:%Y-%m-%d}" if self.as_of_given else "",
            # A citation's address always carries the date of its figures, so it shows the same ones later.
            cite_url=absolute(f"{self.request.path}?as_of={self.as_of:%Y-%m-%d}"),
            status=mission.status_on(self.as_of),
            # Mandates and narratives are not versioned: a past page must say its texts are today's.
            texts_are_today=self.as_of < self.today,
            preview=self.preview,
        )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if self.preview:
            patch_cache_control(response, private=True, no_store=True)
        return response
