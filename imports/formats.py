"""Reading the UN's open data files: one parser per format, every row checked before anything is written.

A parser turns a file's text into records keyed the way the site stores them
(a fatality by its UN `casualty_id`, a personnel report by mission and date),
with every invalid row as a `Problem` and everything worth knowing but not
wrong (a duplicate row, a nationality no longer on the map) as a note.
Row numbers count the header as row 1, as a spreadsheet shows them.
"""

import csv
import io
import re
import unicodedata
from calendar import monthrange
from collections import Counter, defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from timeline.models import Casualty

from .sources import SourceError

MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds everywhere
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

    def see_mission(self, acronym, day, **details):
        self.names.setdefault(acronym.upper(), acronym)
        seen = self.missions.get(acronym.upper())
        if seen is None:
            self.missions[acronym.upper()] = SeenMission(acronym, day, **details)
        elif day < seen.first_date:
            seen.first_date = day

    def read(self, text, *, required, mission_column, missions, progress):
        """Yield (row number, values, mission) for the rows of the missions asked for, counting them.

        A row that cannot be read at all is rejected here, whatever the
        missions asked for, since which mission it belongs to is unknown.
        """
        for row, values, error in read_table(text, required=required, progress=progress):
            if error:
                self.rows += 1
                self.reject(row, "", [error])
                continue
            mission = values[mission_column]
            if missions and mission.upper() not in missions:
                self.skipped += 1
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


def mission_filter(acronyms):
    """The upper-cased acronyms to import, from arguments like "MINUSMA, minusca"; empty means all."""
    return {part.upper() for item in acronyms or () for part in re.split(r"[,\s]+", item) if part}


def category_key(value):
    """What a category is called once case, spaces, underscores and hyphens are set aside."""
    return re.sub(r"[\s_\-]+", "", value.lower())


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


def parse_date(value, column, errors):
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?", value)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass
    errors.append(_("%(column)s “%(value)s” is not a date (YYYY-MM-DD)") % {"column": column, "value": value})
    return None


def parse_count(value, column, errors):
    """A whole number of people, or None when the file says it is unknown (NA or empty)."""
    if value.upper() in ("", "NA", "N/A"):
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        errors.append(_("%(column)s “%(value)s” is not a whole number") % {"column": column, "value": value})
        return None
    if number < 0:
        errors.append(_("%(column)s “%(value)s” is negative") % {"column": column, "value": value})
        return None
    if number > MAX_COUNT:
        errors.append(_("%(column)s “%(value)s” is too large") % {"column": column, "value": value})
        return None
    return int(number)


def parse_choice(value, column, choices, errors):
    if not value:
        return ""
    choice = choices.get(category_key(value))
    if choice is None:
        errors.append(_("%(column)s “%(value)s” is not a known category") % {"column": column, "value": value})
        return ""
    return choice


def parse_mission(value, column, errors):
    if not value:
        errors.append(_("%(column)s is empty") % {"column": column})
    elif len(value) > 20:
        errors.append(_("the mission acronym “%(value)s” is longer than 20 characters") % {"value": value})
    return value


def country_code(iso3):
    """ISO alpha-2 for an ISO alpha-3 code, or "" when the site's list of countries lacks it."""
    return countries.alpha2(iso3) if re.fullmatch(r"[A-Za-z]{3}", iso3 or "") else ""


class Nationalities:
    """Maps a fatality's nationality to an ISO alpha-2 code: by ISO-3, then M49 code, then name.

    The names are matched without accents or punctuation, because the UN file
    writes some of them without codes and without their apostrophe
    (“Côte dIvoire”). Countries that no longer exist (Yugoslavia) map to
    nothing: the record keeps an undetermined nationality and the report says so.
    """

    UNDETERMINED = re.compile(r"^(zz\b|undetermined|unknown)", re.IGNORECASE)

    def __init__(self):
        with translation.override("en"):
            self.by_name = {self.name_key(str(name)): code for code, name in countries}
        self.unmapped = defaultdict(list)

    @staticmethod
    def name_key(name):
        ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", ascii_name.lower())

    def code(self, *, name, iso3, m49, errors):
        number = None
        if m49:
            with suppress(InvalidOperation):
                number = Decimal(m49)
            if number is None or not number.is_finite() or number != number.to_integral_value() or number < 0:
                errors.append(_("m49_code “%(value)s” is not a country code") % {"value": m49})
                return "", None
        code = country_code(iso3) or (countries.alpha2(int(number)) if number is not None else "")
        code = code or self.by_name.get(self.name_key(name), "")
        if not code and (iso3 or m49 or (name and not self.UNDETERMINED.match(name))):
            return "", name or iso3 or m49
        return code, None

    def unmapped_on(self, row, name):
        """Note that a kept row's nationality could not be mapped."""
        self.unmapped[name].append(row)

    def notes(self):
        for name, rows in sorted(self.unmapped.items()):
            shown = ", ".join(map(str, rows[:20])) + (", …" if len(rows) > 20 else "")
            yield Problem(
                rows[0],
                ngettext(
                    "nationality “%(name)s” is not in the site’s list of countries; stored as undetermined "
                    "(%(count)d row: %(rows)s)",
                    "nationality “%(name)s” is not in the site’s list of countries; stored as undetermined "
                    "(%(count)d rows: %(rows)s)",
                    len(rows),
                )
                % {"name": name, "count": len(rows), "rows": shown},
            )


PERSONNEL_TYPES = {
    "military": Casualty.PersonnelType.MILITARY,
    "police": Casualty.PersonnelType.POLICE,
    "militaryobserver": Casualty.PersonnelType.MILITARY_OBSERVER,
    "internationalcivilian": Casualty.PersonnelType.INTERNATIONAL_CIVILIAN,
    # The UN file says "Local " (with a trailing space) for local civilian staff.
    "local": Casualty.PersonnelType.LOCAL_CIVILIAN,
    "localcivilian": Casualty.PersonnelType.LOCAL_CIVILIAN,
    "other": Casualty.PersonnelType.OTHER,
}
INCIDENT_TYPES = {
    "maliciousact": Casualty.IncidentType.MALICIOUS_ACT,
    "accident": Casualty.IncidentType.ACCIDENT,
    "illness": Casualty.IncidentType.ILLNESS,
    "selfinflicted": Casualty.IncidentType.SELF_INFLICTED,
    "tobedetermined": Casualty.IncidentType.TO_BE_DETERMINED,
    "unknown": Casualty.IncidentType.UNKNOWN,
}
GENDERS = {"": "", "m": "M", "male": "M", "f": "F", "female": "F"}
FATALITY_COLUMNS = (
    "incident_date",
    "casualty_id",
    "mission_acronym",
    "type_of_casualty",
    "gender",
    "casualty_nationality",
    "casualty_personnel_type",
    "type_of_incident",
    "m49_code",
    "isocode3",
)


def parse_fatalities(text, *, missions=(), progress=None):
    """DPPADPOSS-FATALITIES: one row per death, records keyed by `casualty_id`."""
    parsed, nationalities, first_rows = Parsed(), Nationalities(), {}
    for row, values, mission in parsed.read(
        text, required=FATALITY_COLUMNS, mission_column="mission_acronym", missions=missions, progress=progress
    ):
        errors = []
        parse_mission(mission, "mission_acronym", errors)
        casualty_id = values["casualty_id"]
        if not casualty_id:
            errors.append(_("casualty_id is empty"))
        elif len(casualty_id) > 40:
            errors.append(_("casualty_id “%(value)s” is longer than 40 characters") % {"value": casualty_id})
        day = parse_date(values["incident_date"], "incident_date", errors)
        if category_key(values["type_of_casualty"]) != "fatality":
            errors.append(_("type_of_casualty “%(value)s” is not a fatality") % {"value": values["type_of_casualty"]})
        personnel_type = parse_choice(
            values["casualty_personnel_type"], "casualty_personnel_type", PERSONNEL_TYPES, errors
        )
        incident_type = parse_choice(values["type_of_incident"], "type_of_incident", INCIDENT_TYPES, errors)
        gender = GENDERS.get(values["gender"].lower())
        if gender is None:
            errors.append(_("gender “%(value)s” is not M, F or empty") % {"value": values["gender"]})
        nationality, unmapped = nationalities.code(
            name=values["casualty_nationality"],
            iso3=values["isocode3"],
            m49=values["m49_code"],
            errors=errors,
        )
        if errors:
            parsed.reject(row, mission, errors)
            continue
        if casualty_id in first_rows:
            parsed.notes.append(
                Problem(
                    row,
                    _("casualty_id %(id)s is also on row %(first)d; counted once (the first row is kept)")
                    % {"id": casualty_id, "first": first_rows[casualty_id]},
                    mission,
                )
            )
            continue
        first_rows[casualty_id] = row
        if unmapped:
            nationalities.unmapped_on(row, unmapped)
        parsed.see_mission(mission, day)
        parsed.records[casualty_id] = {
            "mission": mission.upper(),
            "date": day,
            "personnel_type": personnel_type,
            "incident_type": incident_type,
            "nationality": nationality,
            "gender": gender,
        }
    parsed.notes.extend(nationalities.notes())
    return parsed


IPI_COLUMNS = ("date", "mission", "number of contributors", "troops", "police", "observers")
IPI_FIELDS = {  # column: (report field, the column as IPI spells it)
    "troops": ("troops", "Troops"),
    "police": ("police_total", "Police"),  # individual police and formed police units together
    "observers": ("military_observers", "Observers"),
    "number of contributors": ("contributing_countries", "Number of Contributors"),
}


def month_end(day):
    return day.replace(day=monthrange(day.year, day.month)[1])


def parse_ipi(text, *, missions=(), progress=None):
    """IPI "Providing for Peacekeeping", one row per mission and month, keyed by (mission, month end)."""
    parsed, first_rows = Parsed(), {}
    for row, values, mission in parsed.read(
        text, required=IPI_COLUMNS, mission_column="mission", missions=missions, progress=progress
    ):
        errors = []
        parse_mission(mission, "Mission", errors)
        day = parse_date(values["date"], "Date", errors)
        counts = {name: parse_count(values[column], label, errors) for column, (name, label) in IPI_FIELDS.items()}
        if errors:
            parsed.reject(row, mission, errors)
            continue
        # The figures are monthly and the Date column means the month's last
        # day, though a few leap-year Februaries say the 28th.
        as_of = month_end(day)
        key = (mission.upper(), as_of)
        record = {"mission": mission.upper(), "as_of": as_of, **counts}
        if key in first_rows:
            first_row, first = first_rows[key]
            parsed.repeat(
                row,
                mission,
                first_row=first_row,
                same=first == record,
                conflict=_("gives other figures for the same mission and month as row %(first)d"),
            )
            continue
        first_rows[key] = (row, record)
        parsed.see_mission(
            mission,
            as_of,
            country=country_code(values.get("country of mission iso-3", "")),
            headquarters=values.get("mission hq", "")[:100],
        )
        parsed.records[key] = record
    return parsed


UN_COLUMNS = (
    "contributing_country",
    "isocode3",
    "mission_acronym",
    "personnel_type",
    "male_personnel",
    "female_personnel",
    "last_reporting_date",
)
UN_CATEGORIES = {
    "troops": "troops",
    "troop": "troops",
    "staffofficers": "staff_officers",
    "staffofficer": "staff_officers",
    "expertsonmission": "military_observers",
    "expertonmission": "military_observers",
    "eom": "military_observers",
    "individualpolice": "individual_police",
    "ipo": "individual_police",
    "formedpoliceunits": "formed_police",
    "formedpoliceunit": "formed_police",
    "fpu": "formed_police",
}
UN_FIELDS = ("troops", "staff_officers", "military_observers", "individual_police", "formed_police")


def parse_un_personnel(text, *, missions=(), progress=None):
    """DPO-UCHISTORICAL: one row per mission, country, category and date, summed to one report per mission and date.

    Male and female are added up, countries are added up, and the distinct
    countries with anyone deployed are the contributors. An empty or NA cell is
    unknown; a category is unknown only when no row says anything about it. A
    report missing one of its rows would be wrong, so a mission and date with
    any invalid row is not imported at all.
    """
    parsed = Parsed()
    groups = {}  # (mission, date) -> {"mission", "as_of", "cells": {(country, field): (male, female, row)}}
    spoiled = defaultdict(list)  # (mission, date) -> rows of it that are invalid
    for row, values, mission in parsed.read(
        text, required=UN_COLUMNS, mission_column="mission_acronym", missions=missions, progress=progress
    ):
        errors = []
        parse_mission(mission, "mission_acronym", errors)
        day = parse_date(values["last_reporting_date"], "last_reporting_date", errors)
        category = values["personnel_type"]
        name = UN_CATEGORIES.get(category_key(category))
        if name is None:
            errors.append(_("personnel_type “%(value)s” is not a known category") % {"value": category})
        male = parse_count(values["male_personnel"], "male_personnel", errors)
        female = parse_count(values["female_personnel"], "female_personnel", errors)
        country = values["isocode3"].upper() or Nationalities.name_key(values["contributing_country"])
        if not country:
            errors.append(_("the contributing country is empty"))
        key = (mission.upper(), day)
        if errors:
            parsed.reject(row, mission, errors)
            if mission and day:
                spoiled[key].append(row)
            continue
        group = groups.setdefault(key, {"mission": mission, "as_of": day, "cells": {}})
        cell = (country, name)
        if cell in group["cells"]:
            first_male, first_female, first_row = group["cells"][cell]
            same = (first_male, first_female) == (male, female)
            parsed.repeat(
                row,
                mission,
                first_row=first_row,
                same=same,
                conflict=_("gives other figures for the same mission, country, category and date as row %(first)d"),
            )
            if not same:
                spoiled[key].append(row)
            continue
        group["cells"][cell] = (male, female, row)

    for key, group in groups.items():
        mission = group["mission"]
        if key in spoiled:
            valid_rows = len(group["cells"])
            parsed.rejected[key[0]] += valid_rows
            parsed.notes.append(
                Problem(
                    spoiled[key][0],
                    ngettext(
                        "%(mission)s on %(date)s not imported: %(valid)d valid row goes with the invalid rows %(rows)s",
                        "%(mission)s on %(date)s not imported: %(valid)d valid rows go with the invalid rows %(rows)s",
                        valid_rows,
                    )
                    % {
                        "mission": mission,
                        "date": group["as_of"].isoformat(),
                        "valid": valid_rows,
                        "rows": ", ".join(map(str, spoiled[key])),
                    },
                    mission,
                )
            )
            continue
        totals = dict.fromkeys(UN_FIELDS)
        by_country = defaultdict(int)
        any_known = False
        for (country, name), (male, female, _row) in group["cells"].items():
            known = [value for value in (male, female) if value is not None]
            if known:
                any_known = True
                totals[name] = (totals[name] or 0) + sum(known)
                by_country[country] += sum(known)
        contributors = sum(1 for people in by_country.values() if people > 0) if any_known else None
        parsed.see_mission(mission, group["as_of"])
        parsed.records[key] = {
            "mission": key[0],
            "as_of": group["as_of"],
            **totals,
            "contributing_countries": contributors,
        }
    return parsed
