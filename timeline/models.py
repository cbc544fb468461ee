from calendar import monthrange
from collections import defaultdict
from datetime import date
from itertools import groupby

from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear, JSONObject
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from editorial.publication import Publishable, PublishableQuerySet
from editorial.rich_text import RichTextField
from missions.models import SOURCE_HELP, SOURCE_URL_HELP, Mission


class DeletedEventRecord(models.Model):
    """Extra column on the event history: which casualty records an event had when it was deleted.

    Deleting an event only unlinks its casualties (they stay UN records), so restoring the
    event needs this list to link them again.
    """

    casualty_ids = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        abstract = True


# Where an entry reads in a chronology: one known only to the month comes after the dated entries
# of that month, one known only to the year after everything else of that year. It was stored as
# the period's first day, but "July 2016: state of emergency after the Nampala attack" cannot be
# read before the attack of 19 July.
def reads_on(day, precision="day"):
    """The day an entry reads at: its date, or the last day of its month or year when only that is known."""
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return day.replace(day=monthrange(day.year, day.month)[1])
    return day


def reading_order(day, precision="day"):
    """The sort key of an entry dated `day` to that precision; `EventQuerySet.in_reading_order` sorts the same way.
    On the same day, a dated entry reads before one known to the month, and that before one known to the year:
    "day" < "month" < "year", as words too."""
    return (reads_on(day, precision), precision, day)


class ReadsOnField(models.DateField):
    """`reads_on` of an event, kept in a column so that a page orders by it in SQL (and by an index).
    Worked out in `pre_save`, which save() and bulk_create() both call; not content an editor writes
    (`derived`: not in revisions, history diffs or conflict checks)."""

    derived = True

    def pre_save(self, model_instance, add):
        value = reads_on(model_instance.date, model_instance.date_precision) if model_instance.date else None
        setattr(model_instance, self.attname, value)
        return value


class EventQuerySet(PublishableQuerySet):
    def in_reading_order(self):
        """Events in `reading_order`, in SQL, so that a page can take the latest few."""
        return self.order_by("reads_on", "date_precision", "date", "pk")

    def with_casualties(self, casualties):
        """The events as a list, each with `casualty_rows`: killed and injured per group, summed from
        `casualties` (the ones the reader may see). Two queries."""
        rows = defaultdict(list)
        per_event_group = (
            casualties.filter(event__in=self.values("pk"))
            .values("event_id", "group")
            .annotate(killed=Sum("killed"), injured=Sum("injured"))
            .order_by("event_id", "group")
        )
        for row in per_event_group:
            row["group_label"] = Casualty.Group(row["group"]).label
            rows[row["event_id"]].append(row)
        events = list(self)
        for event in events:
            event.casualty_rows = rows[event.pk]
        return events


def entries(events, agreements):
    """[(date, "event" or "agreement", item)]: both in reading order; on the same day, events (in the order
    given) before agreements."""
    keyed = [(reading_order(event.date, event.date_precision), (event.date, "event", event)) for event in events]
    keyed += [
        (reading_order(agreement.signed_on), (agreement.signed_on, "agreement", agreement)) for agreement in agreements
    ]
    keyed.sort(key=lambda pair: pair[0])
    return [entry for _key, entry in keyed]


def chronology(events, agreements):
    """[(year, [(date, "event" or "agreement", item)])]: `entries` grouped by year."""
    return [(year, list(items)) for year, items in groupby(entries(events, agreements), key=lambda e: e[0].year)]


class Event(Publishable):
    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    class Category(models.TextChoices):
        POLITICAL = "political", _("Political")
        SECURITY = "security", _("Security")
        ATTACK = "attack", _("Attack")
        ELECTIONS = "elections", _("Elections")
        HUMANITARIAN = "humanitarian", _("Humanitarian")
        MANDATE = "mandate", _("Mandate")
        DEPLOYMENT = "deployment", _("Deployment")
        OTHER = "other", _("Other")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="events")
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text=_(
            "How exactly the date is known. Choose “Month” when only the month is known: the page then says "
            "“March 2012”."
        ),
    )
    reads_on = ReadsOnField(_("reads on"), editable=False, null=True)
    title = models.CharField(_("title"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    body = RichTextField(_("text"), blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Who reported the event, e.g. “UN News” or “Report of the Secretary-General (S/2016/819)”."),
    )
    source_url = models.URLField(
        _("source link"), blank=True, help_text=_("A link to that report, so readers can check it.")
    )

    objects = EventQuerySet.as_manager()
    history = HistoricalRecords(bases=[DeletedEventRecord])

    class Meta(Publishable.Meta):
        ordering = ("date", "pk")
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["mission", "date"], name="event_mission_date"),
            models.Index(fields=["mission", "reads_on"], name="event_mission_reads_on"),  # in_reading_order
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("pages:timeline", kwargs={"slug": self.mission.slug}) + f"#event-{self.pk}"

    def clean(self):
        # A month or a year is stored as its first day, so that events sort
        # by date whatever their precision.
        if self.date and self.date_precision == self.Precision.MONTH:
            self.date = self.date.replace(day=1)
        elif self.date and self.date_precision == self.Precision.YEAR:
            self.date = date(self.date.year, 1, 1)


def un_sums():
    """{name: aggregate} of `CasualtyQuerySet.un_totals`, to run over UN personnel records."""
    un_record = Q(casualty_id__isnull=False)
    return {
        "killed": Coalesce(Sum("killed", filter=un_record), 0),
        "malicious": Coalesce(
            Sum("killed", filter=un_record & Q(incident_type=Casualty.IncidentType.MALICIOUS_ACT)), 0
        ),
        "injured": Coalesce(Sum("injured"), 0),
        "provisional": Coalesce(Sum("killed", filter=~un_record), 0),
    }


class CasualtyQuerySet(PublishableQuerySet):
    def published(self):
        """Published records, less those an editor typed on an event that is not public: a figure
        counts only when everything it depends on is published. The UN's own records (with a
        `casualty_id`) count whatever their event's state: a link only says where one is shown."""
        # EXISTS rather than a join: the database looks at the event only for a row typed by hand.
        event_public = Exists(Event.objects.published().filter(pk=OuterRef("event_id")))
        return super().published().filter(Q(casualty_id__isnull=False) | Q(event__isnull=True) | event_public)

    def un(self):
        """The UN's own fatality records: the only ones its figures are made of."""
        return self.filter(group=Casualty.Group.UN_PERSONNEL, casualty_id__isnull=False)

    def un_totals(self):
        """UN personnel killed (the UN's records), of them in malicious acts, injured, and `provisional`:
        UN deaths typed by hand, not yet in the UN's data, never added to its total. One aggregate in SQL."""
        totals = self.filter(group=Casualty.Group.UN_PERSONNEL).aggregate(
            **{f"total_{name}": total for name, total in un_sums().items()}
        )
        return {name.removeprefix("total_"): value for name, value in totals.items()}

    def un_totals_per_mission(self):
        """`un_totals` of each mission, as one annotation of a Mission QuerySet, so that a page gets them
        with its mission: the same dict, or None when the mission has no such record."""
        rows = self.filter(group=Casualty.Group.UN_PERSONNEL, mission=OuterRef("pk")).order_by().values("mission")
        return Subquery(rows.annotate(totals=JSONObject(**un_sums())).values("totals"))

    def killed_by_year(self):
        """[(year, {incident type: UN killed}, total)] for every year from the first record to the last: one query."""
        by_year = defaultdict(dict)
        per_year = (
            self.un()
            .annotate(year=ExtractYear("date"))
            .values("year", "incident_type")
            .annotate(killed=Sum("killed"))
            .order_by("year")
        )
        for row in per_year:
            by_year[row["year"]][row["incident_type"] or Casualty.IncidentType.UNKNOWN] = row["killed"]
        years = range(min(by_year), max(by_year) + 1) if by_year else []
        return [(year, by_year.get(year, {}), sum(by_year.get(year, {}).values())) for year in years]

    def killed_by_personnel_type(self):
        """[(personnel type label, UN killed)], most first: one query."""
        labels = dict(Casualty.PersonnelType.choices)
        rows = self.un().values("personnel_type").annotate(killed=Sum("killed")).order_by("-killed", "personnel_type")
        return [(labels.get(row["personnel_type"], gettext("Not recorded")), row["killed"]) for row in rows]

    def killed_by_nationality(self, *, top=10):
        """[(country name, UN killed)] for the `top` most affected countries, then one row for the rest: one query."""
        rows = self.un().values("nationality").annotate(killed=Sum("killed")).order_by("-killed", "nationality")
        named = [(countries.name(row["nationality"]) or gettext("Undetermined"), row["killed"]) for row in rows]
        if len(named) <= top:
            return named
        rest = named[top:]
        label = ngettext("%(count)s other country", "%(count)s other countries", len(rest)) % {"count": len(rest)}
        return named[:top] + [(label, sum(killed for _name, killed in rest))]

    def other_groups(self):
        """[{group, label, killed, injured}] for everyone but UN personnel: one query."""
        rows = (
            self.exclude(group=Casualty.Group.UN_PERSONNEL)
            .values("group")
            .annotate(killed=Sum("killed"), injured=Sum("injured"))
            .order_by("group")
        )
        return [{**row, "label": Casualty.Group(row["group"]).label} for row in rows]


def incident_types(year_rows):
    """[(incident type, label)] of the types `killed_by_year` found, in the order of the choices."""
    found = {kind for _year, figures, _total in year_rows for kind in figures}
    return [(kind, label) for kind, label in Casualty.IncidentType.choices if kind in found]


class Casualty(Publishable):
    """Killed and injured in one group on one date; a UN fatality record is one UN death."""

    class Group(models.TextChoices):
        UN_PERSONNEL = "un", _("UN personnel")
        NATIONAL_FORCES = "national_forces", _("National forces")
        CIVILIANS = "civilians", _("Civilians")
        ARMED_GROUPS = "armed_groups", _("Armed groups")

    class PersonnelType(models.TextChoices):
        MILITARY = "military", _("Military")
        POLICE = "police", _("Police")
        MILITARY_OBSERVER = "military_observer", _("Military observer")
        INTERNATIONAL_CIVILIAN = "international_civilian", _("International civilian")
        LOCAL_CIVILIAN = "local_civilian", _("Local civilian staff")
        OTHER = "other", _("Other")

    class IncidentType(models.TextChoices):
        MALICIOUS_ACT = "malicious_act", _("Malicious act")
        ACCIDENT = "accident", _("Accident")
        ILLNESS = "illness", _("Illness")
        SELF_INFLICTED = "self_inflicted", _("Self-inflicted")
        TO_BE_DETERMINED = "to_be_determined", _("To be determined")
        UNKNOWN = "unknown", _("Unknown")

    class Gender(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="casualties")
    event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="casualties",
        help_text=_("The event these casualties happened in, if it is on the timeline."),
    )
    date = models.DateField(_("date"))
    group = models.CharField(_("group"), max_length=20, choices=Group.choices, default=Group.UN_PERSONNEL)
    killed = models.PositiveIntegerField(_("killed"), default=0)
    injured = models.PositiveIntegerField(_("injured"), default=0)
    # NULL, not "", for records without a UN id, so that the unique constraint lets many of them be.
    casualty_id = models.CharField(  # noqa: DJ001
        _("UN casualty ID"),
        max_length=40,
        null=True,
        blank=True,
        help_text=_("The UN’s own identifier for a fatality record; imports match on it."),
    )
    personnel_type = models.CharField(_("personnel type"), max_length=30, choices=PersonnelType.choices, blank=True)
    incident_type = models.CharField(_("incident type"), max_length=30, choices=IncidentType.choices, blank=True)
    nationality = CountryField(_("nationality"), blank=True, help_text=_("Leave empty when undetermined."))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=SOURCE_HELP)
    source_url = models.URLField(_("source link"), blank=True, help_text=SOURCE_URL_HELP)

    objects = CasualtyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ("date", "pk")
        verbose_name = _("casualty record")
        verbose_name_plural = _("casualty records")
        indexes = [models.Index(fields=["mission", "date"], name="casualty_mission_date")]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["casualty_id"],
                name="casualty_unique_un_id",
                violation_error_message=_("A record with this UN casualty ID already exists."),
            ),
            models.CheckConstraint(
                condition=Q(killed__gt=0) | Q(injured__gt=0),
                name="casualty_counts_someone",
                violation_error_message=_("Enter how many were killed or injured."),
            ),
            models.CheckConstraint(
                condition=Q(casualty_id__isnull=True) | Q(killed=1, injured=0, group="un"),
                name="casualty_un_record_is_one_death",
                violation_error_message=_("A record with a UN casualty ID is one UN fatality: killed 1, injured 0."),
            ),
        ]

    def __str__(self):
        return self.casualty_id or f"{self.date:%Y-%m-%d} {self.get_group_display()}"

    def get_absolute_url(self):
        return reverse("pages:casualties", kwargs={"slug": self.mission.slug})


class Agreement(Publishable):
    class ImplementationStatus(models.TextChoices):
        SIGNED = "signed", _("Signed")
        BEING_IMPLEMENTED = "being_implemented", _("Being implemented")
        STALLED = "stalled", _("Stalled")
        IMPLEMENTED = "implemented", _("Implemented")
        COLLAPSED = "collapsed", _("Collapsed")
        SUPERSEDED = "superseded", _("Superseded")

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    parties = models.TextField(_("parties"), blank=True, help_text=_("One party per line."))
    summary = RichTextField(_("summary"), blank=True)
    implementation_status = models.CharField(
        _("implementation"),
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.SIGNED,
    )
    text_url = models.URLField(_("link to the text"), blank=True)

    history = HistoricalRecords()

    class Meta(Publishable.Meta):
        ordering = ("signed_on", "pk")
        verbose_name = _("peace agreement")
        verbose_name_plural = _("peace agreements")
        indexes = [models.Index(fields=["mission", "signed_on"], name="agreement_mission_signed")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:timeline", kwargs={"slug": self.mission.slug}) + f"#agreement-{self.pk}"

    @property
    def party_list(self):
        return [line.strip() for line in self.parties.splitlines() if line.strip()]
