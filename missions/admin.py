from django import forms
from django.contrib import admin
from django.core.files.storage import default_storage
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_countries.fields import Country

from editorial import images
from editorial.admin import EditorialAdmin, EditorialInline, EditorialTabularInline, restore_deleted_children

from .models import InterestPoint, Mission, PersonnelReport, Update


class InterestPointInline(EditorialInline):
    model = InterestPoint
    extra = 0
    classes = ("collapse",)


class LatestReportsFormSet(BaseInlineFormSet):
    """Only the newest few reports: a mission has dozens, and they all have their own list."""

    latest = 3

    def get_queryset(self):
        if not hasattr(self, "_latest"):
            self._latest = super().get_queryset().order_by("-as_of")[: self.latest]
        return self._latest


class PersonnelReportInline(EditorialTabularInline):
    model = PersonnelReport
    formset = LatestReportsFormSet
    extra = 0
    show_change_link = True
    list_all = True  # the form links to the list of all of them
    verbose_name_plural = _("newest personnel reports (open one for all its figures)")
    # The headline figures only, so the table fits a laptop; a report's own form has them all.
    fields = ("as_of", "troops", "police_total", "source", "source_kind", "status")


class UpdateInline(EditorialInline):
    model = Update
    extra = 0
    classes = ("collapse",)
    fields = ("author", "handle", "posted_at", "language", "text", "url", "status", "publish_at")


class CountryInUseFilter(admin.SimpleListFilter):
    """The countries missions are in, not all 249."""

    title = _("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        codes = model_admin.get_queryset(request).order_by().values_list("country", flat=True).distinct()
        return sorted(((code, Country(code).name) for code in codes if code), key=lambda choice: str(choice[1]))

    def queryset(self, request, queryset):
        return queryset.filter(country=self.value()) if self.value() else queryset


class MissionAdminForm(forms.ModelForm):
    """The mission form, with the hero image checked and cleaned before anything is stored."""

    hero_upload = forms.FileField(
        label=_("Upload a hero image"),
        required=False,
        help_text=_(
            "A wide photo shown at the top of the briefing: JPEG, PNG or WebP, up to 10 MB and 40 megapixels. "
            "Location and camera details are removed, and smaller copies are made for phones."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    hero_remove = forms.BooleanField(label=_("Remove the hero image"), required=False)

    class Meta:
        model = Mission
        # The admin adds the fields its fieldsets name; hero_image itself is only ever set by save().
        fields = ("hero_alt", "hero_decorative", "hero_credit")

    def clean_hero_upload(self):
        upload = self.cleaned_data.get("hero_upload")
        self.hero_clean = images.clean_upload(upload) if upload else None
        return upload

    def clean(self):
        cleaned_data = super().clean()
        # Mission.clean() asks for alt text whenever there is an image: tell it what there will be.
        if cleaned_data.get("hero_remove"):
            self.instance.hero_image = ""
        elif cleaned_data.get("hero_upload"):
            self.instance.hero_image = cleaned_data["hero_upload"].name
        return cleaned_data

    def save(self, commit=True):
        mission = super().save(commit=False)
        if getattr(self, "hero_clean", None) is not None:
            mission.hero_image, mission.hero_renditions = images.store(self.hero_clean, folder="heroes")
            mission.hero_width, mission.hero_height = self.hero_clean.width, self.hero_clean.height
        elif self.cleaned_data.get("hero_remove"):
            mission.hero_image, mission.hero_renditions = "", []
            mission.hero_width = mission.hero_height = None
        if commit:
            mission.save()
            self._save_m2m()
        return mission


@admin.register(Mission)
class MissionAdmin(EditorialAdmin):
    form = MissionAdminForm
    list_display = ("acronym", "name", "country", "started_on", "ended_on")
    list_filter = ("status", CountryInUseFilter)
    search_fields = ("acronym", "name")
    save_on_top = True
    prepopulated_fields = {"slug": ("acronym",)}
    readonly_fields = ("hero_preview", "fatalities_updated_on")
    # What `fetch_updates` downloads is for Publishers to decide, like what readers see.
    publisher_fields = ("update_feeds",)
    fieldsets = (
        (None, {"fields": ("acronym", "slug", "name", "country", "headquarters", "summary")}),
        (_("Publication"), {"fields": ("status", "publish_at", "unpublish_at")}),
        (
            _("Key facts"),
            {
                "classes": ("collapse",),
                "fields": (
                    ("started_on", "ended_on"),
                    ("established_by", "established_by_url"),
                    "past_briefing_on",
                    "personnel_facts_url",
                    "fatalities_updated_on",
                    "head_of_mission",
                    ("troop_ceiling", "police_ceiling", "ceilings_as_of"),
                    ("ceilings_source", "ceilings_source_url"),
                    ("budget_usd", "budget_period", "us_share_percent"),
                    ("budget_source", "budget_source_url"),
                ),
            },
        ),
        (
            _("Hero image"),
            {
                "classes": ("collapse",),
                "fields": (
                    "hero_preview",
                    "hero_upload",
                    "hero_remove",
                    "hero_alt",
                    "hero_decorative",
                    "hero_credit",
                ),
            },
        ),
        (_("Briefing text"), {"fields": ("mandate", "background", "interests_heading", "interests")}),
        (_("Officials’ posts"), {"classes": ("collapse",), "fields": ("update_feeds",)}),
    )
    # Events, casualty records and peace agreements have their own lists, linked from the form.
    inlines = (InterestPointInline, PersonnelReportInline, UpdateInline)

    @admin.display(description=_("Current hero image"))
    def hero_preview(self, mission):
        if not mission or not mission.hero_image or not mission.hero_renditions:
            return _("None yet.")
        smallest = mission.hero_renditions[0]
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="" class="hero-preview"> {}',
            default_storage.url(smallest["name"]),
            240,
            round(240 * smallest["height"] / smallest["width"]),
            _("%(width)s × %(height)s pixels") % {"width": mission.hero_width, "height": mission.hero_height},
        )

    def restore_related(self, request, obj, record):
        # Interest points are deleted with their mission (a cascade); bring them back with it.
        return restore_deleted_children(request, InterestPoint, "mission_id", obj, record.history_date)


@admin.register(PersonnelReport)
class PersonnelReportAdmin(EditorialAdmin):
    list_display = (
        "mission",
        "as_of",
        "source_kind",
        "troops",
        "police_total",
        "individual_police",
        "formed_police",
        "source",
    )
    list_filter = ("source_kind", "mission")
    list_select_related = ("mission",)
    search_fields = ("mission__acronym", "source")
    date_hierarchy = "as_of"
    autocomplete_fields = ("mission",)


@admin.register(Update)
class UpdateAdmin(EditorialAdmin):
    list_display = ("__str__", "mission", "author", "language", "posted_at")
    list_filter = ("status", "language", "mission")
    list_select_related = ("mission",)
    search_fields = ("text", "author", "handle")
    date_hierarchy = "posted_at"
    autocomplete_fields = ("mission",)
