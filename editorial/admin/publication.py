"""Publication rights in the admin: only Publishers publish, schedule and take down."""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..cache import content_changed
from ..publication import Publishable, Status, publication_label


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
            fields = (*fields, *Publishable.PUBLICATION_FIELDS)
        return fields


class PublicationMixin:
    """Publication fields, a Publication column and publish/unpublish actions, for those who may publish."""

    actions = ("publish_now", "unpublish")
    # Other fields only Publishers may change (e.g. what the site fetches from elsewhere): read-only for Editors.
    publisher_fields = ()

    @property
    def publishable(self):
        return issubclass(self.model, Publishable)

    def has_publish_permission(self, request):
        return self.publishable and can_publish(request, self.model)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("publish_at", "unpublish_at") and field is not None:
            field.help_text = f"{db_field.help_text} " + _("Times are in the site’s time zone, %(zone)s.") % {
                "zone": timezone.get_current_timezone_name()
            }
        return field

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if self.publishable and not self.has_publish_permission(request):
            fields = (*fields, *Publishable.PUBLICATION_FIELDS, *self.publisher_fields)
        return fields

    def revert(self, request, obj, record):
        # A revert puts back every content field; an Editor's leaves the Publisher-only ones as they are.
        if not self.has_publish_permission(request):
            for name in self.publisher_fields:
                setattr(record, name, getattr(obj, name))
        return super().revert(request, obj, record)

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
        published = 0
        for obj in queryset:
            if problem := obj.publication_problem():
                self.message_user(request, problem, messages.ERROR)
                continue
            published += 1
            obj.status = Status.PUBLISHED
            if obj.publish_at and obj.publish_at > now:
                obj.publish_at = None
            if obj.unpublish_at and obj.unpublish_at <= now:
                obj.unpublish_at = None
            obj._history_user = request.user
            obj.save()
        if published:
            self.message_user(request, _("Published %(count)d item(s).") % {"count": published}, messages.SUCCESS)

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

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        content_changed()  # a bulk delete skips each item's delete()

    def save_inline_object(self, request, obj):
        if isinstance(obj, Publishable) and not can_publish(request, type(obj)):
            keep_publication(obj)
        obj.save()

    def prepare_inline_object(self, parent, obj):
        """Hook for filling in what an inline row takes from its parent."""
