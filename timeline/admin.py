from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from editorial.admin import EditorialAdmin, EditorialTabularInline

from .models import Agreement, Casualty, Event


class CasualtyInlineForm(forms.ModelForm):
    """Casualties recorded on an event happened on the event's date, unless the editor says otherwise."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].required = False
        self.fields["date"].help_text = gettext_lazy("Leave empty for the event’s date.")

    def clean(self):
        cleaned_data = super().clean()
        # The event as the editor is saving it (its inline field holds the form's event, not the stored row).
        event = cleaned_data.get("event")
        if not cleaned_data.get("date") and event is not None and event.date:
            cleaned_data["date"] = event.date
        return cleaned_data


class CasualtyInline(EditorialTabularInline):
    model = Casualty
    form = CasualtyInlineForm
    extra = 0
    fields = (
        "date",
        "group",
        "killed",
        "injured",
        "personnel_type",
        "incident_type",
        "nationality",
        "casualty_id",
        "status",
    )


@admin.register(Event)
class EventAdmin(EditorialAdmin):
    list_display = ("title", "mission", "date", "date_precision", "category")
    list_filter = ("status", "category", "mission")
    list_select_related = ("mission",)
    search_fields = ("title", "body", "place")
    date_hierarchy = "date"
    autocomplete_fields = ("mission",)
    inlines = (CasualtyInline,)

    def prepare_inline_object(self, parent, obj):
        # Casualties entered on an event belong to the event's mission.
        obj.mission_id = parent.mission_id

    def restore_related(self, request, obj, record):
        # Deleting the event unlinked its casualty records (they stay UN records); link them again.
        restored = []
        for casualty in Casualty.objects.filter(pk__in=record.casualty_ids, event__isnull=True):
            casualty.event = obj
            casualty._history_user = request.user
            casualty._change_reason = _("Linked again to its restored event")
            casualty.save(update_fields=["event"])
            restored.append(casualty)
        return restored


@admin.register(Casualty)
class CasualtyAdmin(EditorialAdmin):
    list_display = ("__str__", "mission", "date", "group", "killed", "injured", "incident_type", "personnel_type")
    list_filter = ("mission", "group", "incident_type", "personnel_type")
    list_select_related = ("mission",)
    search_fields = ("casualty_id", "event__title")
    date_hierarchy = "date"
    autocomplete_fields = ("mission", "event")


@admin.register(Agreement)
class AgreementAdmin(EditorialAdmin):
    list_display = ("title", "mission", "signed_on", "implementation_status")
    list_filter = ("status", "implementation_status", "mission")
    list_select_related = ("mission",)
    search_fields = ("title", "parties", "summary")
    date_hierarchy = "signed_on"
    autocomplete_fields = ("mission",)
