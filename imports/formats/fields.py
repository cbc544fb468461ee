"""Reading single cells: each `parse_*` function appends what is wrong with its value to `errors`."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django_countries import countries

MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds everywhere


def mission_filter(acronyms):
    """The upper-cased acronyms to import, from arguments like "MINUSMA, minusca"; empty means all."""
    return {part.upper() for item in acronyms or () for part in re.split(r"[,\s]+", item) if part}


def category_key(value):
    """What a category is called once case, spaces, underscores and hyphens are set aside."""
    return re.sub(r"[\s_\-]+", "", value.lower())


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
