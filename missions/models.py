from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import BooleanField, Case, ExpressionWrapper, OuterRef, Q, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from editorial.publication import Publishable, PublishableQuerySet
from editorial.rich_text import RichTextField

# Help texts for a source pair, shared by every model that cites one.
SOURCE_HELP = _("Who published this figure, e.g. “UN Peacekeeping, troop and police contributors”.")
SOURCE_URL_HELP = _("A link to the published figure, so readers can check it.")


def feed_addresses(value):
    """The addresses of an `update_feeds` value: one a line, blank lines ignored."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def validate_feed_addresses(value):
    https = URLValidator(schemes=["https"])
    for address in feed_addresses(value):
        try:
            https(address)
        except ValidationError:
            raise ValidationError(
                _("“%(address)s” is not an https address. Give one feed address a line, each starting with https://."),
                code="invalid",
                params={"address": address},
            ) from None


class MissionQuerySet(PublishableQuerySet):
    def active_first(self):
        return self.order_by(models.F("ended_on").desc(nulls_first=True), "acronym")


class Mission(Publishable):
    acronym = models.CharField(
        _("acronym"), max_length=20, unique=True, help_text=_("As the UN writes it, e.g. MINUSMA.")
    )
    slug = models.SlugField(
        _("web address"),
        unique=True,
        help_text=_("The last part of the page address, e.g. “minusma”. Changing it breaks old links."),
    )
    name = models.CharField(_("full name"), max_length=200, help_text=_("The mission’s official name in full."))
    country = CountryField(_("country"))
    headquarters = models.CharField(_("headquarters"), max_length=100, blank=True)
    started_on = models.DateField(
        _("established on"), help_text=_("The date the Security Council established the mission.")
    )
    ended_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("Leave empty while the mission is active.")
    )
    established_by = models.CharField(
        _("established by"),
        max_length=200,
        blank=True,
        help_text=_("The establishing resolution, e.g. “Security Council resolution 2100 (2013)”."),
    )
    established_by_url = models.URLField(_("link to the resolution"), blank=True)
    past_briefing_on = models.DateField(
        _("past briefing to point to"),
        null=True,
        blank=True,
        help_text=_(
            "Optional. A date whose briefing readers should find in one click, e.g. the last one written "
            "before the mission ended; the page links to “the briefing as it stood on” that date."
        ),
    )
    personnel_facts_url = models.URLField(
        _("where staff figures are published"),
        blank=True,
        help_text=_(
            "The UN’s own page for the mission’s personnel, e.g. its page on peacekeeping.un.org. The UN’s open data "
            "has no civilian figures: the Civilian Personnel counter links here until a sourced report gives one."
        ),
    )
    fatalities_updated_on = models.DateField(
        _("UN fatality data last updated"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The date the UN last updated the fatality data imported for this mission (its last_update)."),
    )
    head_of_mission = models.CharField(
        _("head of mission"),
        max_length=200,
        blank=True,
        help_text=_("Name and title, e.g. “Jane Doe, Special Representative of the Secretary-General”."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two plain sentences; shown on the mission list and to search engines."),
    )
    mandate = RichTextField(_("mandate"), blank=True, help_text=_("What the Security Council asked the mission to do."))
    background = RichTextField(_("background"), blank=True, help_text=_("The story behind the mission."))
    interests_heading = models.CharField(
        _("interests heading"), max_length=200, default="How This Affects U.S. Interests"
    )
    interests = RichTextField(
        _("interests introduction"),
        blank=True,
        help_text=_("Optional text shown above the titled points of the interests section."),
    )

    troop_ceiling = models.PositiveIntegerField(
        _("authorised military personnel"), null=True, blank=True, help_text=_("Leave empty if unknown.")
    )
    police_ceiling = models.PositiveIntegerField(
        _("authorised police"), null=True, blank=True, help_text=_("Leave empty if unknown.")
    )
    ceilings_as_of = models.DateField(_("ceilings as of"), null=True, blank=True)
    ceilings_source = models.CharField(_("ceilings source"), max_length=200, blank=True, help_text=SOURCE_HELP)
    ceilings_source_url = models.URLField(_("ceilings source link"), blank=True, help_text=SOURCE_URL_HELP)

    budget_usd = models.PositiveBigIntegerField(
        _("approved budget (US$)"), null=True, blank=True, help_text=_("In whole U.S. dollars.")
    )
    budget_period = models.CharField(
        _("budget period"), max_length=100, blank=True, help_text=_("e.g. “July 2016 – June 2017”.")
    )
    us_share_percent = models.DecimalField(
        _("U.S. share (%)"),
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("The U.S. assessment rate for peacekeeping in that period, e.g. 28.5738."),
    )
    budget_source = models.CharField(_("budget source"), max_length=200, blank=True, help_text=SOURCE_HELP)
    budget_source_url = models.URLField(_("budget source link"), blank=True, help_text=SOURCE_URL_HELP)

    hero_image = models.FileField(
        _("hero image"),
        upload_to="heroes/",
        blank=True,
        max_length=200,
        help_text=_("A wide photo shown at the top of the briefing. JPEG, PNG or WebP, up to 10 MB."),
    )
    hero_width = models.PositiveIntegerField(_("hero image width"), null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(_("hero image height"), null=True, blank=True, editable=False)
    # [{"width": 480, "height": 270, "name": "heroes/….webp"}, …], smallest first, made once on upload.
    hero_renditions = models.JSONField(_("hero image renditions"), default=list, blank=True, editable=False)
    hero_alt = models.CharField(
        _("hero image description (alt text)"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for readers who cannot see it, e.g. “Peacekeepers on patrol near Gao”. "
            "Required unless the photo is marked as decorative."
        ),
    )
    hero_decorative = models.BooleanField(
        _("decorative only"),
        default=False,
        help_text=_("Tick only when the photo adds nothing a reader would miss; screen readers then skip it."),
    )
    hero_credit = models.CharField(
        _("photo credit"),
        max_length=200,
        blank=True,
        help_text=_("Shown under the photo, e.g. “UN Photo/Marco Dormino”."),
    )
    update_feeds = models.TextField(
        _("feeds of officials’ posts"),
        blank=True,
        validators=[validate_feed_addresses],
        help_text=_(
            "RSS or Atom feeds whose new posts are added under Updates as drafts for review, e.g. an official’s "
            "Mastodon feed (https://mastodon.social/@name.rss) or Bluesky feed (https://bsky.app/profile/name/rss), "
            "or a UN news feed. One https address a line. Only Publishers can change this."
        ),
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MissionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta(Publishable.Meta):
        ordering = ("acronym",)
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        constraints = [
            *Publishable.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="mission_ends_after_start",
                violation_error_message=_("A mission cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(hero_image="") | Q(hero_decorative=True) | ~Q(hero_alt=""),
                name="mission_hero_has_alt_text_or_is_decorative",
                violation_error_message=_("Describe the hero image, or mark it as decorative."),
            ),
        ]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("pages:briefing", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.hero_image and not self.hero_decorative and not self.hero_alt.strip():
            raise ValidationError({"hero_alt": _("Describe the hero image, or mark it as decorative.")})

    def missing_for_publication(self):
        # A mission an import created has its acronym for a name and no mandate: not a briefing yet.
        missing = []
        if not self.name.strip() or self.name.strip() == self.acronym:
            missing.append(_("full name"))
        if not self.country:
            missing.append(_("country"))
        if not strip_tags(self.mandate or "").strip():
            missing.append(_("mandate"))
        return missing

    @property
    def is_active(self):
        return self.ended_on is None or self.ended_on >= timezone.localdate()

    def status_on(self, day):
        """`"before"` the mission began, `"deployed"` on `day`, or `"ended"` by then."""
        if day < self.started_on:
            return "before"
        return "deployed" if self.ended_on is None or day <= self.ended_on else "ended"

    @property
    def us_share_usd(self):
        if self.budget_usd is None or self.us_share_percent is None:
            return None
        return round(self.budget_usd * self.us_share_percent / 100)


class InterestPoint(Publishable):
    """One titled point of the mission's "why it matters" section."""

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="interest_points")
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Lower numbers come first."))

    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ("mission", "position", "pk")
        verbose_name = _("interest point")
        verbose_name_plural = _("interest points")

    def __str__(self):
        return self.title


class Headcount(models.TextChoices):
    """The figures a briefing shows as counters, each from the latest report that knows it."""

    TROOPS = "troops", _("Troops")
    POLICE = "police", _("Police Officers")
    CIVILIANS = "civilians", _("Civilian Personnel")
    CONTRIBUTORS = "contributors", _("Contributing countries")


# The three counters at the top of every mission: the headline figures.
HEADLINE = (Headcount.TROOPS, Headcount.POLICE, Headcount.CIVILIANS)


def headline(figures):
    """[(headcount, Figure or None)] for the three counters, from `figures_by_mission`'s {headcount: Figure}."""
    return [(kind, figures.get(kind)) for kind in HEADLINE]


# The report fields each headcount adds up. A report "knows" a headcount when
# any of its fields is filled; unknown (NULL) is never read as zero.
HEADCOUNT_FIELDS = {
    Headcount.TROOPS: ("troops", "staff_officers"),
    Headcount.POLICE: ("police_total", "individual_police", "formed_police"),
    Headcount.CIVILIANS: ("international_civilians", "national_civilians", "un_volunteers"),
    Headcount.CONTRIBUTORS: ("contributing_countries",),
}


@dataclass(frozen=True)
class Figure:
    kind: Headcount
    value: int
    as_of: date
    source: str
    source_url: str


class SourceKind(models.TextChoices):
    """Where a report comes from. A mission has at most one report per date and kind, so the UN's own
    file and IPI may both report the same month; on the same date a counter prefers them in this order."""

    UN = "un", _("The UN’s own file (DPO-UCHISTORICAL)")
    IPI = "ipi", _("IPI Providing for Peacekeeping")
    HAND = "hand", _("Entered by hand")


# Lower first: the UN's own figures over IPI's compilation of them, and both over a hand entry.
SOURCE_PREFERENCE = Case(
    When(source_kind=SourceKind.UN, then=Value(0)), When(source_kind=SourceKind.IPI, then=Value(1)), default=Value(2)
)


class PersonnelReportQuerySet(PublishableQuerySet):
    def latest_per_headcount(self, *, on):
        """The reports that give each mission's counters on `on`, each annotated `gives_<headcount>`
        for the headcounts it gives, among the reports of this QuerySet (the published ones, say).

        A headcount comes whole from one report: the newest on or before `on` that knows it, and on
        the same date the preferred kind of source (SOURCE_PREFERENCE). One query however many
        missions and reports there are.
        """
        chosen, flags = Q(), {}
        for kind, fields in HEADCOUNT_FIELDS.items():
            knows = Q(*[Q(**{f"{name}__isnull": False}) for name in fields], _connector=Q.OR)
            latest = self.filter(knows, mission=OuterRef("mission"), as_of__lte=on)
            picked = Q(pk=Subquery(latest.order_by("-as_of", SOURCE_PREFERENCE).values("pk")[:1]))
            flags[f"gives_{kind}"] = ExpressionWrapper(picked, output_field=BooleanField())
            chosen |= picked
        return self.filter(chosen).annotate(**flags)


class PersonnelReport(Publishable):
    """One dated strength report for a mission. Empty means unknown, never zero."""

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="personnel_reports")
    as_of = models.DateField(_("as of"), help_text=_("The date the figures refer to."))
    troops = models.PositiveIntegerField(_("troops"), null=True, blank=True, help_text=_("Contingent troops."))
    staff_officers = models.PositiveIntegerField(_("staff officers"), null=True, blank=True)
    military_observers = models.PositiveIntegerField(
        _("military observers"), null=True, blank=True, help_text=_("Also called experts on mission.")
    )
    individual_police = models.PositiveIntegerField(_("individual police"), null=True, blank=True)
    formed_police = models.PositiveIntegerField(_("formed police units"), null=True, blank=True)
    police_total = models.PositiveIntegerField(
        _("police (total only)"),
        null=True,
        blank=True,
        help_text=_("Fill this in only when the source gives a police total without the split."),
    )
    international_civilians = models.PositiveIntegerField(_("international civilians"), null=True, blank=True)
    national_civilians = models.PositiveIntegerField(_("national civilians"), null=True, blank=True)
    un_volunteers = models.PositiveIntegerField(_("UN volunteers"), null=True, blank=True)
    contributing_countries = models.PositiveIntegerField(
        _("contributing countries"),
        null=True,
        blank=True,
        help_text=_("Countries contributing uniformed personnel."),
    )
    source = models.CharField(_("source"), max_length=200, help_text=SOURCE_HELP)
    source_url = models.URLField(_("source link"), blank=True, help_text=SOURCE_URL_HELP)
    source_kind = models.CharField(
        _("kind of source"),
        max_length=4,
        choices=SourceKind.choices,
        default=SourceKind.HAND,
        help_text=_("Imports set this. On the same date, the UN’s own file wins over IPI, and IPI over a hand entry."),
    )

    objects = PersonnelReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ("mission", "-as_of")
        verbose_name = _("personnel report")
        verbose_name_plural = _("personnel reports")
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["mission", "as_of", "source_kind"],
                name="personnel_report_one_per_mission_date_and_source_kind",
                violation_error_message=_("This mission already has a report from this kind of source for that date."),
            ),
        ]

    def __str__(self):
        return f"{self.mission} {self.as_of}"

    def get_absolute_url(self):
        return f"{self.mission.get_absolute_url()}?as_of={self.as_of:%Y-%m-%d}"

    def count(self, kind):
        """The report's figure for one headcount, or None when it does not know it."""
        if kind == Headcount.POLICE and self.police_total is not None:
            return self.police_total
        fields = HEADCOUNT_FIELDS[kind]
        if kind == Headcount.POLICE:
            fields = fields[1:]
        values = [getattr(self, name) for name in fields if getattr(self, name) is not None]
        return sum(values) if values else None

    def figure(self, kind):
        value = self.count(kind)
        if value is None:
            return None
        return Figure(kind=kind, value=value, as_of=self.as_of, source=self.source, source_url=self.source_url)


def figures_by_mission(missions, *, on, preview=False):
    """{mission id: {headcount: Figure}} for the reports standing on `on`, in one query.

    Each figure is one report's number with that report's date and source, never a mix.
    """
    figures = {mission.pk: {} for mission in missions}
    reports = PersonnelReport.objects.visible(preview=preview).filter(mission__in=figures)
    for report in reports.latest_per_headcount(on=on):
        for kind in Headcount:
            if getattr(report, f"gives_{kind}"):
                figures[report.mission_id][kind] = report.figure(kind)
    return figures


class Update(Publishable):
    """A short post from an official or a UN account, shown under "Updates"."""

    class Language(models.TextChoices):
        # The UN's official languages, and Portuguese (Guinea-Bissau, Mozambique, Timor-Leste).
        ARABIC = "ar", _("Arabic")
        CHINESE = "zh", _("Chinese")
        ENGLISH = "en", _("English")
        FRENCH = "fr", _("French")
        PORTUGUESE = "pt", _("Portuguese")
        RUSSIAN = "ru", _("Russian")
        SPANISH = "es", _("Spanish")

    mission = models.ForeignKey(
        Mission,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        help_text=_("Leave empty for a post about every mission: it is shown on the home page."),
    )
    author = models.CharField(_("author"), max_length=200, help_text=_("Who wrote it, e.g. “Jean-Pierre Lacroix”."))
    handle = models.CharField(
        _("account"), max_length=100, blank=True, help_text=_("The account it was posted from, e.g. “@Lacroix_UN”.")
    )
    text = models.TextField(_("text"), max_length=1000)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_("The language the post is written in: the page marks it, for screen readers and translation."),
    )
    url = models.URLField(
        _("link to the post itself"),
        blank=True,
        help_text=_("The address of this very post, not of the account. Leave empty when it is not known."),
    )
    posted_at = models.DateTimeField(_("posted at"))

    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ("-posted_at",)
        verbose_name = _("update")
        verbose_name_plural = _("updates")
        indexes = [models.Index(fields=["mission", "-posted_at"], name="update_mission_posted")]

    def __str__(self):
        return f"{self.handle or self.author}: {self.text[:50]}"

    def get_absolute_url(self):
        return (self.mission.get_absolute_url() if self.mission else reverse("pages:home")) + "#updates"
