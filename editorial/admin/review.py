"""The review queue: changes waiting for a Publisher, each with what publishing it would change."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import revisions
from ..models import Revision
from ..publication import local_time
from .publication import can_publish


class DecisionForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=gettext_lazy("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"placeholder": "YYYY-MM-DD HH:MM"}),
        help_text=gettext_lazy("Leave empty to publish now. A later time schedules it: no one needs to be there."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment for the editor"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Needed to reject: say what should change."),
    )

    def __init__(self, *args, reject=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reject = reject
        self.fields["publish_at"].help_text += " " + _("Times are in the site’s time zone, %(zone)s.") % {
            "zone": timezone.get_current_timezone_name()
        }

    def clean(self):
        cleaned = super().clean()
        if self.reject and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say why, so that the editor knows what to change."))
        return cleaned


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("object_repr", "kind", "status", "created_by", "updated_at", "publish_at")
    list_filter = ("status", "content_type")
    list_select_related = ("content_type", "created_by")
    search_fields = ("object_repr",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("kind of content"), ordering="content_type")
    def kind(self, revision):
        return revision.content_type.model_class()._meta.verbose_name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = self.get_object(request, unquote(object_id))
        if revision is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        model = revision.content_type.model_class()
        may_decide = revision.is_open and can_publish(request, model)
        reject = "_reject" in request.POST
        form = DecisionForm(request.POST or None, reject=reject)
        problem = None
        if request.method == "POST":
            if not may_decide:
                raise PermissionDenied
            if form.is_valid():
                try:
                    return self.decide(request, revision, form.cleaned_data, reject=reject)
                except revisions.RevisionError as error:
                    problem = error
        item = revision.item
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review: %(item)s") % {"item": revision.object_repr},
            "opts": self.opts,
            "revision": revision,
            "item": item,
            "item_opts": model._meta,
            "item_url": self.item_url(model, revision.object_id) if item is not None else "",
            "preview_url": item.get_absolute_url() if item is not None and hasattr(item, "get_absolute_url") else "",
            "changes": revisions.changes(revision, item),
            "form": form,
            "may_decide": may_decide,
            "problem": problem,
        }
        return TemplateResponse(request, "admin/editorial/review.html", context)

    def decide(self, request, revision, data, *, reject):
        if reject:
            revisions.reject(revision, user=request.user, comment=data["comment"].strip())
            message = _("Rejected: “%(item)s”. The editor sees your comment on its form.")
        else:
            revision = revisions.publish(revision, user=request.user, at=data["publish_at"])
            if revision.publish_at and revision.publish_at > timezone.now():
                message = _("Scheduled: “%(item)s” changes on %(when)s.")
            else:
                message = _("Published: “%(item)s”. Readers see it now.")
        when = local_time(revision.publish_at) if revision.publish_at else ""
        self.message_user(request, message % {"item": revision.object_repr, "when": when}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:editorial_revision_changelist") + "?status__exact=pending")

    def item_url(self, model, pk):
        try:
            return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[quote(pk)])
        except NoReverseMatch:  # an inline-only model, edited on its parent's form
            return ""
