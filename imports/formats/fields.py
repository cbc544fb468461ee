"""Reading single cells: each `parse_*` function appends what is wrong with its value to `errors`."""

import re
from datetime import date
from functools import lru_cache

from django.utils.translation import gettext as _
from django_countries import countries

MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds everywhere


def mission_filter(acronyms):
    """The upper-cased acronyms to import, from arguments like "MINUSMA, minusca"; empty means all."""
    return {part.upper() for item in acronyms or () for part in re.split(r"[,\s]+", item) if part}


@lru_cache(maxsize=1024)  # a file repeats a handful of categories thousands of times
def category_key(value):
    """What a category is called once case, spaces, underscores and hyphens are set aside."""
    return re.sub(r"[\s_\-]+", "", value.lower())


DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+Z?)?")


def parse_date(value, column, errors):
    match = DATE.fullmatch(value)
    if match:
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            pass
    errors.append(_("%(column)s “%(value)s” is not a date (YYYY-MM-DD)") % {"column": column, "value": value})
    return None


# Plain digits of a sane length, with the ".0" some exports add to whole numbers: nothing else is
# read as a number. Decimal("1E+999999999") is a valid number whose integer value takes forever to
# compute, which pinned the CPU on a 221-byte file.
WHOLE_NUMBER = re.compile(r"(-?)([0-9]{1,12})(?:\.0{1,6})?")


def parse_count(value, column, errors):
    """A whole number of people, or None when the file says it is unknown (NA or empty)."""
    if value.upper() in ("", "NA", "N/A"):
        return None
    match = WHOLE_NUMBER.fullmatch(value)
    if match is None:
        errors.append(_("%(column)s “%(value)s” is not a whole number") % {"column": column, "value": short(value)})
        return None
    if match.group(1) and int(match.group(2)):
        errors.append(_("%(column)s “%(value)s” is negative") % {"column": column, "value": value})
        return None
    number = int(match.group(2))
    if number > MAX_COUNT:
        errors.append(_("%(column)s “%(value)s” is too large") % {"column": column, "value": value})
        return None
    return number


def parse_code(value, column, errors, *, digits=3):
    """A numeric code such as an M49 country code ("250" or "250.0"), or None when empty."""
    if not value:
        return None
    match = re.fullmatch(rf"([0-9]{{1,{digits}}})(?:\.0{{1,6}})?", value)
    if match is None:
        errors.append(_("%(column)s “%(value)s” is not a country code") % {"column": column, "value": short(value)})
        return None
    return int(match.group(1))


def short(value, limit=40):
    """A cell as a problem quotes it: never more than `limit` characters of whatever the file holds."""
    return value if len(value) <= limit else value[:limit] + "…"


def parse_choice(value, column, choices, errors):
    if not value:
        return ""
    choice = choices.get(category_key(value))
    if choice is None:
        errors.append(_("%(column)s “%(value)s” is not a known category") % {"column": column, "value": value})
        return ""
    return choice


def parse_mission(value, column, errors):
    """A mission acronym: letters, digits and hyphens, as the UN writes them (MINUSMA, UNMISS, MONUSCO)."""
    if not value:
        errors.append(_("%(column)s is empty") % {"column": column})
    elif len(value) > 20:
        errors.append(_("the mission acronym “%(value)s” is longer than 20 characters") % {"value": short(value)})
    elif not ACRONYM.fullmatch(value):
        errors.append(
            _("the mission acronym “%(value)s” may hold only letters, digits and hyphens") % {"value": short(value)}
        )
    return value


ACRONYM = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def country_code(iso3):
    """ISO alpha-2 for an ISO alpha-3 code, or "" when the site's list of countries lacks it."""
    return countries.alpha2(iso3) if re.fullmatch(r"[A-Za-z]{3}", iso3 or "") else ""
