from django import template
from django.urls import translate_url
from django.utils.formats import date_format

from missions import rich_text

register = template.Library()


@register.filter
def rich(html):
    """Editors' rich text, sanitised: `{{ mission.mandate|rich }}`."""
    return rich_text.render(html)


@register.simple_tag(takes_context=True)
def translated_url(context, language):
    """This page's address (query string included) in another language."""
    request = context.get("request")  # absent on the 500 page, rendered without a request
    return translate_url(request.get_full_path() if request else "/", language)


# How a date known to the day, the month or the year is written and machine-read.
PRECISION_FORMATS = {"day": ("j F Y", "Y-m-d"), "month": ("F Y", "Y-m"), "year": ("Y", "Y")}


@register.filter
def precise_date(day, precision="day"):
    """“19 July 2016”, “March 2012” or “2012”, in the reader's language."""
    return date_format(day, PRECISION_FORMATS[precision][0])


@register.filter
def precise_datetime(day, precision="day"):
    """The `datetime` attribute of a <time> for the same date: 2016-07-19, 2012-03 or 2012."""
    return date_format(day, PRECISION_FORMATS[precision][1])


@register.filter
def get(mapping, key):
    """`{{ figures|get:key }}`: a dictionary value by a key held in a variable."""
    return mapping.get(key)
