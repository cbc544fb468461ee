"""Reading a CSV file row by row, and what a parser makes of it."""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..sources import SourceError

PROGRESS_EVERY = 1000


@dataclass(frozen=True)
class Problem:
    row: int | None
    message: str
    mission: str = ""

    def __str__(self):
        if self.row is None:
            return self.message
        return _("row %(row)d: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class SeenMission:
    """A mission as the file shows it, enough to create a draft for one the site lacks."""

    acronym: str
    first_date: date
    country: str = ""
    headquarters: str = ""


@dataclass
class Parsed:
    records: dict = field(default_factory=dict)
    missions: dict = field(default_factory=dict)  # acronym, upper-cased -> SeenMission
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    rejected: Counter = field(default_factory=Counter)  # acronym, upper-cased -> invalid rows
    names: dict = field(default_factory=dict)  # acronym, upper-cased -> as the file first spells it
    rows: int = 0
    skipped: int = 0  # rows of missions the import was not asked for
    skipped_missions: Counter = field(default_factory=Counter)  # acronym as the file spells it -> rows left out
    last_update: date | None = None  # the newest date the file says it was last updated on

    def see_mission(self, acronym, day, **details):
        self.names.setdefault(acronym.upper(), acronym)
        seen = self.missions.get(acronym.upper())
        if seen is None:
            self.missions[acronym.upper()] = SeenMission(acronym, day, **details)
        elif day < seen.first_date:
            seen.first_date = day

    def read(self, text, *, required, mission_column, missions, progress):
        """Yield (row number, values, mission) for the rows of the `missions` asked for (a set of
        upper-cased acronyms, None for all), counting them.

        A row that cannot be read at all is rejected here, whatever the
        missions asked for, since which mission it belongs to is unknown.
        """
        for row, values, error in read_table(text, required=required, progress=progress):
            if error:
                self.rows += 1
                self.reject(row, "", [error])
                continue
            mission = values[mission_column]
            if missions is not None and mission.upper() not in missions:
                self.skipped += 1
                self.skipped_missions[mission] += 1
                continue
            self.rows += 1
            yield row, values, mission

    def repeat(self, row, mission, *, first_row, same, conflict):
        """A row for what an earlier row already gave: noted when identical, rejected (`conflict`) when not."""
        if same:
            self.notes.append(Problem(row, _("repeats row %(first)d; counted once") % {"first": first_row}, mission))
        else:
            self.reject(row, mission, [conflict % {"first": first_row}])

    def reject(self, row, mission, errors):
        self.problems.append(Problem(row, "; ".join(errors), mission))
        if mission:
            self.names.setdefault(mission.upper(), mission)
        self.rejected[mission.upper()] += 1


def read_table(text, *, required, progress=None):
    """Yield (row number, {column: trimmed value}, error) for each row of a CSV text.

    Column names are matched without regard to case or surrounding spaces. A
    header without the required columns means the file is of another kind.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise SourceError(_("The first line cannot be read as CSV: %(reason)s.") % {"reason": exc}) from None
    if not header:
        raise SourceError(_("The file is empty."))
    columns = [name.strip().lower() for name in header]
    missing = [name for name in required if name not in columns]
    if missing:
        hint = ""
        if len(columns) == 1 and ";" in columns[0]:
            hint = " " + _("Its columns are separated by semicolons; the UN’s files use commas.")
        raise SourceError(
            ngettext(
                "The column %(columns)s is missing: is this the right kind of file?",
                "The columns %(columns)s are missing: is this the right kind of file?",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
            + hint
        )
    total = max(text.count("\n") - 1, 1)  # an estimate: a quoted field may hold a line break
    line = reader.line_num
    count = 0
    while True:
        row = line + 1
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num
            yield row, None, _("cannot be read as CSV: %(reason)s") % {"reason": exc}
            continue
        line = reader.line_num
        if not values or not any(value.strip() for value in values):
            continue
        count += 1
        if progress and count % PROGRESS_EVERY == 0:
            progress("read", count, max(total, count))
        if len(values) < len(columns) or any(value.strip() for value in values[len(columns) :]):
            yield (
                row,
                None,
                _("has %(found)d values where the header has %(expected)d columns")
                % {"found": len(values), "expected": len(columns)},
            )
            continue
        yield row, {name: value.strip() for name, value in zip(columns, values, strict=False)}, None
    if count == 0:
        raise SourceError(_("The file has a header but no rows."))
    if progress:
        progress("read", count, count)
