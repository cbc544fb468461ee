"""The publication log: who published, scheduled or took down what. Read-only."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from ..models import PublicationRecord


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
