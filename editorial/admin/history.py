"""History with undo: every version listed, what reverting would change, and deleted items restored."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from .. import conflicts, revisions
from ..content import apply, content_of
from ..diffs import field_changes
from ..publication import Publishable, Status, local_time


class HistoryMixin(SimpleHistoryAdmin):
    """Every saved version with what changed, and a revert that goes through the same rules as a save.

    django-simple-history's own revert view saves the version's form after only a view-or-change
    check and skips the conflict check, so it is replaced: a revert needs the change permission and a
    fresh conflict token, and an Editor's revert of a published item waits for review like any change.
    """

    object_history_template = "admin/editorial/object_history.html"
    object_history_list_template = "admin/editorial/object_history_list.html"

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        previous = None
        for record in historical_records:  # newest first
            if previous is not None:
                previous.history_delta_changes = conflicts.record_changes(self.model, record, previous)
            previous = record

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("This item no longer exists: a Publisher can bring it back from its list’s deleted items."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        record = get_object_or_404(self.model.history.filter(id=obj.pk), history_id=version_id)
        can_revert = self.has_change_permission(request, obj)
        conflict = None
        if request.method == "POST":
            if not can_revert:
                raise PermissionDenied
            conflict = conflicts.check_token(self, request, obj.pk, request.POST.get(conflicts.TOKEN_FIELD))
            if conflict is None:
                return self.revert(request, obj, record)
        current = revisions.overlay([self.model._default_manager.get(pk=obj.pk)])[0]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Version of %(when)s") % {"when": local_time(record.history_date)},
            "opts": self.opts,
            "object": obj,
            "record": record,
            "changes": field_changes(self.model, content_of(current), content_of(record, self.model)),
            "can_revert": can_revert,
            "edit_token": conflicts.make_token(self, request, obj.pk),
            "edit_conflict": conflict,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/editorial/revert.html", context)

    def revert(self, request, obj, record):
        """Put the version's content back: at once, or as a change for review when an Editor reverts a public item."""
        author = record.history_user or _("an import or another program")
        note = _("Reverted to the version of %(when)s by %(who)s") % {
            "when": local_time(record.history_date),
            "who": author,
        }
        apply(obj, content_of(record, self.model))
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[quote(obj.pk)])
        try:
            obj.full_clean()
        except ValidationError as error:
            message = _("This version cannot come back, and nothing was changed: %(reason)s")
            self.message_user(request, message % {"reason": " ".join(error.messages)}, messages.ERROR)
            return HttpResponseRedirect(change_url)
        if self.reviews_changes(request, obj):
            revisions.propose(obj, user=request.user, note=note)
            self.message_user(request, review_message(obj), messages.INFO)
        else:
            obj._history_user = request.user
            obj._change_reason = note[:100]
            obj.save()
            self.log_change(request, obj, note)
            self.message_user(request, note + ".", messages.SUCCESS)
        return HttpResponseRedirect(change_url)


def review_message(obj):
    return _(
        "Your change to “%(item)s” waits for a Publisher’s review. Readers see the published version until then."
    ) % {"item": obj}


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
        if isinstance(obj, Publishable):
            obj.status = Status.DRAFT  # it comes back for a Publisher to look at before readers see it again
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
        message = _("“%(item)s” is restored as a draft, as it was when it was deleted.") % {"item": obj}
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
        if isinstance(child, Publishable):
            child.status = Status.DRAFT
        child._history_user = request.user
        child._change_reason = _("Restored after deletion")
        child.save(force_insert=True)
        restored.append(child)
    return restored
