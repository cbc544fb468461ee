"""What every content admin shares: rich text, publication rights, history with undo, no silent overwrites."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, quote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_prose_editor.widgets import AdminProseEditorWidget
from simple_history.admin import SimpleHistoryAdmin

from missions import rich_text
from missions.publication import Publishable, Status, publication_label

from . import conflicts
from .models import PublicationRecord

# What the editor offers; missions.rich_text is the allowlist that decides what reaches a page.
EDITOR_CONFIG = {
    "types": ["Bold", "Italic", "Link", "BulletList", "OrderedList", "Heading", "Blockquote"],
    "headingLevels": [2, 3],
    "history": True,
    "html": False,
    "typographic": False,
}


class RichTextField(forms.CharField):
    """Text from the editor, sanitised with the site's one allowlist before it is saved."""

    def to_python(self, value):
        value = super().to_python(value)
        return rich_text.sanitize(value) if value else value


def rich_text_widget():
    return AdminProseEditorWidget(config=EDITOR_CONFIG)


class RichTextMixin:
    """The editor for the fields a model names in `rich_text_fields`."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in getattr(self.model, "rich_text_fields", ()):
            kwargs.update(form_class=RichTextField, widget=rich_text_widget())
        if db_field.name in ("publish_at", "unpublish_at"):
            field = super().formfield_for_dbfield(db_field, request, **kwargs)
            field.help_text = f"{db_field.help_text} " + _("Times are in the site’s time zone, %(zone)s.") % {
                "zone": timezone.get_current_timezone_name()
            }
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def can_publish(request, model):
    opts = model._meta
    return request.user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")


def keep_publication(obj):
    """Undo changes to the publication fields, for someone who may not publish."""
    stored = type(obj)._default_manager.filter(pk=obj.pk).values(*Publishable.PUBLICATION_FIELDS).first()
    if stored is None:  # new: always a draft
        stored = {"status": Status.DRAFT, "publish_at": None, "unpublish_at": None}
    for name, value in stored.items():
        setattr(obj, name, value)


class PublicationInlineMixin:
    """Inline publishable rows: only Publishers may change their publication fields."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if issubclass(self.model, Publishable) and not can_publish(request, self.model):
            fields = (*fields, *(f for f in Publishable.PUBLICATION_FIELDS if f in (self.fields or ())))
        return fields


class EditorialInline(RichTextMixin, PublicationInlineMixin, admin.StackedInline):
    pass


class EditorialTabularInline(RichTextMixin, PublicationInlineMixin, admin.TabularInline):
    pass


class EditorialAdmin(RichTextMixin, SimpleHistoryAdmin):
    """Base admin for content: history, restore after deletion, conflict refusal, publication rights."""

    change_form_template = "admin/editorial/change_form.html"
    change_list_template = "admin/editorial/change_list.html"
    object_history_template = "admin/editorial/object_history.html"
    object_history_list_template = "admin/editorial/object_history_list.html"
    object_history_form_template = "admin/editorial/object_history_form.html"
    actions = ("publish_now", "unpublish")

    class Media:
        css = {"all": ("editorial/admin.css",)}

    # --- Publication -------------------------------------------------------------------------

    @property
    def publishable(self):
        return issubclass(self.model, Publishable)

    def has_publish_permission(self, request):
        return self.publishable and can_publish(request, self.model)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.publishable and not self.has_publish_permission(request):
            fields = (*fields, *Publishable.PUBLICATION_FIELDS)
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.publishable and not self.has_publish_permission(request):
            note = gettext_lazy("Only Publishers can publish, schedule or take down. Ask one when this is ready.")
            fieldsets = [
                (name, {**options, "description": note})
                if "status" in flatten_fieldsets([(name, options)])
                else (name, options)
                for name, options in fieldsets
            ]
        return fieldsets

    def get_list_display(self, request):
        list_display = super().get_list_display(request)
        if self.publishable:
            list_display = (*[f for f in list_display if f not in Publishable.PUBLICATION_FIELDS], "publication")
        return list_display

    @admin.display(description=gettext_lazy("Publication"), ordering="status")
    def publication(self, obj):
        return format_html(
            '<span class="publication publication--{}">{}</span>', obj.publication_state, publication_label(obj)
        )

    @admin.action(description=gettext_lazy("Publish the selected items now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        now = timezone.now()
        for obj in queryset:
            obj.status = Status.PUBLISHED
            if obj.publish_at and obj.publish_at > now:
                obj.publish_at = None
            if obj.unpublish_at and obj.unpublish_at <= now:
                obj.unpublish_at = None
            obj._history_user = request.user
            obj.save()
        self.message_user(request, _("Published %(count)d item(s).") % {"count": len(queryset)}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Unpublish the selected items (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        for obj in queryset:
            obj.status = Status.DRAFT
            obj._history_user = request.user
            obj.save()
        self.message_user(
            request, _("%(count)d item(s) are drafts again.") % {"count": len(queryset)}, messages.SUCCESS
        )

    def save_model(self, request, obj, form, change):
        if self.publishable and not self.has_publish_permission(request):
            keep_publication(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        guard = issubclass(formset.model, Publishable) and not can_publish(request, formset.model)
        for obj in formset.save(commit=False):
            self.prepare_inline_object(form.instance, obj)
            if guard:
                keep_publication(obj)
            obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    def prepare_inline_object(self, parent, obj):
        """Hook for filling in what an inline row takes from its parent."""

    # --- No silent overwrites ----------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not change:
            return form
        model_admin = self

        class ConflictRefusingForm(form):
            def clean(self):
                cleaned_data = super().clean()
                token = self.data.get(conflicts.TOKEN_FIELD)
                if token is not None and self.instance.pk is not None:
                    conflict = conflicts.find_conflict(model_admin, request, self.instance.pk, token)
                    if conflict is not None:
                        self.edit_conflict = conflict
                        raise ValidationError(conflict.message, code="edit_conflict")
                return cleaned_data

        return ConflictRefusingForm

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and obj.pk is not None:
            form = context["adminform"].form
            conflict = getattr(form, "edit_conflict", None)
            posted = request.POST.get(conflicts.TOKEN_FIELD) if request.method == "POST" else None
            # After a refusal the form carries a token for the record as it is now, so that saving
            # again (having seen the other changes) goes through. After any other error it keeps
            # the token it was opened with, so a change made meanwhile is still caught.
            context["edit_token"] = (
                posted if posted and conflict is None else conflicts.make_token(self, request, obj.pk)
            )
            context["edit_conflict"] = conflict
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

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

    # --- Restoring deleted items -------------------------------------------------------------

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


@admin.register(PublicationRecord)
class PublicationRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "user", "action", "item", "publish_at", "unpublish_at")
    list_filter = ("action", "content_type", "user")
    list_select_related = ("user", "content_type")
    search_fields = ("object_repr",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("Item"), ordering="object_repr")
    def item(self, record):
        model = record.content_type.model_class()
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.object_id])
        except (NoReverseMatch, AttributeError):
            return record.object_repr
        label = f"{model._meta.verbose_name}: {record.object_repr}"
        return format_html('<a href="{}">{}</a>', url, label)
