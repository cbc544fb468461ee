"""A mission and the titled points of its "why it matters" section."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from editorial.publication import Publishable, PublishableQuerySet
from editorial.rich_text import RichTextField

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

    def ceilings_shown_on(self, day):
        """Whether the authorised strength is shown on `day`: there is one, set by then (or undated)."""
        return bool(self.troop_ceiling or self.police_ceiling) and (
            self.ceilings_as_of is None or self.ceilings_as_of <= day
        )

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
