from django.contrib import admin

from .models import Agreement, Casualty, Event


class CasualtyInline(admin.TabularInline):
    model = Casualty
    extra = 0
    fields = ("date", "group", "killed", "injured", "personnel_type", "incident_type", "nationality", "casualty_id")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "mission", "date", "date_precision", "category", "status", "publish_at")
    list_filter = ("status", "category", "mission")
    list_select_related = ("mission",)
    search_fields = ("title", "body", "place")
    date_hierarchy = "date"
    autocomplete_fields = ("mission",)
    inlines = (CasualtyInline,)

    def save_formset(self, request, form, formset, change):
        # Casualties entered on an event belong to the event's mission.
        for casualty in formset.save(commit=False):
            casualty.mission_id = form.instance.mission_id
            casualty.save()
        for casualty in formset.deleted_objects:
            casualty.delete()
        formset.save_m2m()


@admin.register(Casualty)
class CasualtyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "mission", "date", "group", "killed", "injured", "incident_type", "personnel_type")
    list_filter = ("mission", "group", "incident_type", "personnel_type")
    list_select_related = ("mission",)
    search_fields = ("casualty_id", "event__title")
    date_hierarchy = "date"
    autocomplete_fields = ("mission", "event")


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "mission", "signed_on", "implementation_status", "status", "publish_at")
    list_filter = ("status", "implementation_status", "mission")
    list_select_related = ("mission",)
    search_fields = ("title", "parties", "summary")
    date_hierarchy = "signed_on"
    autocomplete_fields = ("mission",)
