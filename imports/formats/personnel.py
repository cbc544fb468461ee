from calendar import monthrange
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .fields import category_key, country_code, parse_count, parse_date, parse_mission
from .nationalities import Nationalities
from .table import Parsed, Problem

IPI_COLUMNS = ("date", "mission", "number of contributors", "troops", "police", "observers")
IPI_FIELDS = {  # column: (report field, the column as IPI spells it)
    "troops": ("troops", "Troops"),
    "police": ("police_total", "Police"),  # individual police and formed police units together
    "observers": ("military_observers", "Observers"),
    "number of contributors": ("contributing_countries", "Number of Contributors"),
}


def month_end(day):
    return day.replace(day=monthrange(day.year, day.month)[1])


def parse_ipi(text, *, missions=None, progress=None):
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


def parse_un_personnel(text, *, missions=None, progress=None):
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
