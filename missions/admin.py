from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from timeline.models import Agreement

from .models import InterestPoint, Mission, PersonnelReport, Update


class InterestPointInline(admin.StackedInline):
    model = InterestPoint
    extra = 0


class PersonnelReportInline(admin.TabularInline):
    model = PersonnelReport
    extra = 0
    show_change_link = True
    fields = (
        "as_of",
        "troops",
        "staff_officers",
        "military_observers",
        "individual_police",
        "formed_police",
        "police_total",
        "international_civilians",
        "national_civilians",
        "un_volunteers",
        "contributing_countries",
        "source",
    )


class AgreementInline(admin.StackedInline):
    model = Agreement
    extra = 0
    show_change_link = True
    fields = ("title", "signed_on", "place", "implementation_status", "status", "publish_at")


class UpdateInline(admin.StackedInline):
    model = Update
    extra = 0
    fields = ("author", "handle", "posted_at", "language", "text", "url", "status", "publish_at")


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ("acronym", "name", "country", "started_on", "ended_on", "status", "publish_at")
    list_filter = ("status", "country")
    search_fields = ("acronym", "name")
    prepopulated_fields = {"slug": ("acronym",)}
    fieldsets = (
        (None, {"fields": ("acronym", "slug", "name", "country", "headquarters", "summary")}),
        (_("Publication"), {"fields": ("status", "publish_at")}),
        (
            _("Key facts"),
            {
                "fields": (
                    ("started_on", "ended_on"),
                    ("established_by", "established_by_url"),
                    "head_of_mission",
                    ("troop_ceiling", "police_ceiling", "ceilings_as_of"),
                    ("ceilings_source", "ceilings_source_url"),
                    ("budget_usd", "budget_period", "us_share_percent"),
                    ("budget_source", "budget_source_url"),
                )
            },
        ),
        (_("Briefing text"), {"fields": ("mandate", "background", "interests_heading", "interests")}),
    )
    inlines = (InterestPointInline, PersonnelReportInline, AgreementInline, UpdateInline)


@admin.register(PersonnelReport)
class PersonnelReportAdmin(admin.ModelAdmin):
    list_display = ("mission", "as_of", "troops", "police_total", "individual_police", "formed_police", "source")
    list_filter = ("mission",)
    list_select_related = ("mission",)
    search_fields = ("mission__acronym", "source")
    date_hierarchy = "as_of"
    autocomplete_fields = ("mission",)


@admin.register(Update)
class UpdateAdmin(admin.ModelAdmin):
    list_display = ("__str__", "mission", "author", "language", "posted_at", "status", "publish_at")
    list_filter = ("status", "language", "mission")
    list_select_related = ("mission",)
    search_fields = ("text", "author", "handle")
    date_hierarchy = "posted_at"
    autocomplete_fields = ("mission",)
