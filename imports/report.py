"""What an import did, or would do, as the command prints it and the admin shows it."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .formats import Problem
from .models import ImportRun

OUTCOMES = ("created", "updated", "unchanged", "rejected")


@dataclass
class Report:
    """What an import did, or would do: counts per mission, missions created, problems and notes.

    It round-trips through JSON (`as_dict` / `from_dict`) so that an import run
    keeps it.
    """

    kind: str
    source: str = ""
    dry_run: bool = False
    skip_invalid: bool = False
    rows: int = 0
    skipped: int = 0
    counts: dict = field(default_factory=dict)  # mission acronym -> {outcome: n}
    missions_created: list = field(default_factory=list)
    # Missions the site does not have, whose rows were left out: [[acronym, rows]].
    missions_left_out: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    rejected_file: bool = False  # invalid rows without --skip-invalid: nothing was written
    # UN deaths typed by hand on a date the file has records for: [[mission, date, record pk, killed, records]].
    provisional: list = field(default_factory=list)

    def add(self, mission, outcome, n=1):
        if n:
            counts = self.counts.setdefault(mission, dict.fromkeys(OUTCOMES, 0))
            counts[outcome] += n

    @property
    def totals(self):
        return {outcome: sum(counts[outcome] for counts in self.counts.values()) for outcome in OUTCOMES}

    @property
    def changes(self):
        totals = self.totals
        return totals["created"] + totals["updated"]

    @property
    def written(self):
        return not self.dry_run and not self.rejected_file

    def mission_rows(self):
        """[(acronym, created, updated, unchanged, rejected)], in acronym order."""
        missions = sorted(self.counts, key=str.upper)
        return [(mission, *(self.counts[mission][outcome] for outcome in OUTCOMES)) for mission in missions]

    def created_missions_need(self):
        """What an editor must fill in on the missions this import created, in words."""
        if not self.missions_created:
            return ""
        if self.kind == ImportRun.Kind.PERSONNEL_IPI:
            return _("Give each its full name and check the date it was established before publishing it.")
        return _(
            "This file does not say where a mission is deployed: give each its country and full name, and "
            "check the date it was established (the first date in the file), before publishing it."
        )

    def left_out_summary(self):
        """Which missions the site lacks had rows left out, and how to import them, in words."""
        if not self.missions_left_out:
            return ""
        missions = ", ".join(f"{name} ({rows})" for name, rows in self.missions_left_out)
        return _(
            "Left out, as the site does not have these missions (rows in brackets): %(missions)s. To create them "
            "as unpublished drafts, import again with “Create missions the site does not have” "
            "(--create-missions)."
        ) % {"missions": missions}

    def provisional_lines(self):
        """Each provisional death the file may now cover, in words, for an editor to retire."""
        return [
            ngettext(
                "Provisional: %(mission)s, %(killed)d UN death on %(date)s typed by hand (record %(pk)s); the UN’s "
                "data now has %(records)d records on that date. An editor may retire it.",
                "Provisional: %(mission)s, %(killed)d UN deaths on %(date)s typed by hand (record %(pk)s); the UN’s "
                "data now has %(records)d records on that date. An editor may retire them.",
                killed,
            )
            % {"mission": mission, "killed": killed, "date": day, "pk": pk, "records": records}
            for mission, day, pk, killed, records in self.provisional
        ]

    def as_dict(self):
        return {
            "kind": str(self.kind),
            "source": self.source,
            "dry_run": self.dry_run,
            "skip_invalid": self.skip_invalid,
            "rows": self.rows,
            "skipped": self.skipped,
            "counts": self.counts,
            "missions_created": self.missions_created,
            "missions_left_out": self.missions_left_out,
            "problems": [[p.row, p.message, p.mission] for p in self.problems],
            "notes": [[p.row, p.message, p.mission] for p in self.notes],
            "rejected_file": self.rejected_file,
            "provisional": self.provisional,
            "changes": self.changes,
        }

    @classmethod
    def from_dict(cls, data):
        data = {**data}
        data.pop("changes", None)
        data["problems"] = [Problem(*item) for item in data.get("problems", [])]
        data["notes"] = [Problem(*item) for item in data.get("notes", [])]
        return cls(**data)
