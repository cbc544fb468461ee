"""Personnel reports and the counters made of them: each figure from one report, with its date and source."""

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import BooleanField, Case, ExpressionWrapper, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from editorial.publication import Publishable, PublishableQuerySet

from .mission import SOURCE_HELP, SOURCE_URL_HELP, Mission


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
SOURCE_RANK = {SourceKind.UN: 0, SourceKind.IPI: 1, SourceKind.HAND: 2}
SOURCE_PREFERENCE = Case(*[When(source_kind=kind, then=Value(rank)) for kind, rank in SOURCE_RANK.items()])


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


def figures_from(reports):
    """{headcount: Figure} from one mission's reports up to a date, picked as `latest_per_headcount`
    picks them (newest, then preferred source), in Python: for a page that shows every report anyway."""
    figures = {}
    # Oldest and least preferred first, so that the report a counter stands on is the last to write it.
    for report in sorted(reports, key=lambda report: (report.as_of, -SOURCE_RANK[report.source_kind])):
        for kind in Headcount:
            figure = report.figure(kind)
            if figure is not None:
                figures[kind] = figure
    return figures


def figures_by_mission(missions, *, on):
    """{mission id: {headcount: Figure}} for the reports standing on `on`, in one query.

    Each figure is one report's number with that report's date and source, never a mix.
    """
    figures = {mission.pk: {} for mission in missions}
    reports = PersonnelReport.objects.published().filter(mission__in=figures)
    for report in reports.latest_per_headcount(on=on):
        for kind in Headcount:
            if getattr(report, f"gives_{kind}"):
                figures[report.mission_id][kind] = report.figure(kind)
    return figures
