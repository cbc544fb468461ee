"""History with undo: every version listed, what reverting would change, and deleted items restored."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .. import conflicts


class HistoryMixin(SimpleHistoryAdmin):
    object_history_template = "admin/editorial/object_history.html"
    object_history_list_template = "admin/editorial/object_history_list.html"
    object_history_form_template = "admin/editorial/object_history_form.html"

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        extra_context = {**(extra_context or {}), "version_changes": self.version_changes(object_id, version_id)}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def version_changes(self, object_id, version_id):
        """[FieldChange] from the current version to an earlier one, for the revert page."""
        history = self.model.history
        version = history.filter(id=object_id, history_id=version_id).first()
        current = history.filter(id=object_id).first()
        if version is None or current is None or current.history_id == version.history_id:
            return []
        return [
            conflicts.FieldChange(
                label=capfirst(str(self.opts.get_field(change.field).verbose_name)),
                before=conflicts.display(self.model, self.opts.get_field(change.field), change.old),
                after=conflicts.display(self.model, self.opts.get_field(change.field), change.new),
            )
            for change in version.diff_against(current).changes
        ]


class RestoreMixin:
    """Publishers find deleted items under "Deleted …" on each list and bring them back."""

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name=f"{prefix}_deleted"),
            path(
                "deleted/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{prefix}_restore",
            ),
            *super().get_urls(),
        ]

    def has_restore_permission(self, request):
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "has_restore_permission": self.has_restore_permission(request)}
        return super().changelist_view(request, extra_context)

    def deleted_records(self):
        """The latest deletion record of each deleted item that has not come back, newest first."""
        history = self.model.history.model
        existing = self.model._default_manager.values("pk")
        records = (
            history.objects.filter(history_type="-")
            .exclude(id__in=existing)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        latest, seen = [], set()
        for record in records[:500]:
            if record.id not in seen:
                seen.add(record.id)
                latest.append(record)
        return latest

    def deleted_view(self, request):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "opts": self.opts,
            "records": self.deleted_records(),
        }
        return TemplateResponse(request, "admin/editorial/deleted_list.html", context)

    def restore_view(self, request, history_id):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = get_object_or_404(self.model.history.model, history_id=history_id, history_type="-")
        deleted_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_deleted")
        if self.model._default_manager.filter(pk=record.id).exists():
            self.message_user(request, _("“%(item)s” is already back.") % {"item": record.instance}, messages.WARNING)
            return HttpResponseRedirect(deleted_url)
        obj = record.instance
        try:
            with transaction.atomic():
                obj.full_clean()
                obj._history_user = request.user
                obj._change_reason = _("Restored after deletion")
                obj.save(force_insert=True)
                restored = self.restore_related(request, obj, record)
        except ValidationError as error:
            self.message_user(
                request,
                _("“%(item)s” could not be restored, and nothing was changed: %(reason)s")
                % {"item": obj, "reason": " ".join(error.messages)},
                messages.ERROR,
            )
            return HttpResponseRedirect(deleted_url)
        self.log_change(request, obj, _("Restored after deletion."))
        message = _("“%(item)s” is restored, as it was when it was deleted.") % {"item": obj}
        if restored:
            message += " " + _("Restored with it: %(items)s.") % {"items": ", ".join(map(str, restored))}
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)])
        )

    def restore_related(self, request, obj, record):
        """Hook: bring back what was removed along with `obj`; returns what it restored."""
        return []


def restore_deleted_children(request, model, fk_attname, parent, deleted_at, window=timedelta(minutes=1)):
    """Restore rows of `model` deleted along with `parent` (by a cascade, just before it)."""
    history = model.history.model
    existing = model._default_manager.values("pk")
    records = (
        history.objects.filter(
            history_type="-",
            history_date__gte=deleted_at - window,
            history_date__lte=deleted_at,
            **{fk_attname: parent.pk},
        )
        .exclude(id__in=existing)
        .order_by("-history_date")
    )
    restored, seen = [], set()
    for record in records:
        if record.id in seen:
            continue
        seen.add(record.id)
        child = record.instance
        child._history_user = request.user
        child._change_reason = _("Restored after deletion")
        child.save(force_insert=True)
        restored.append(child)
    return restored
