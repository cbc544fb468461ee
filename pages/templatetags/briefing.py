import json
import re
from functools import lru_cache
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import translate_url
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _

from editorial import images, rich_text
from editorial.publication import publication_label
from imports import sources
from pages import charts

register = template.Library()
# “Draft”, “Scheduled for …”, “Published”…: `{{ mission|publication_label }}`.
register.filter("publication_label", publication_label)


@register.simple_tag
def chart_svg(drawings, id):
    """`{% chart_svg charts "personnel-chart" %}`: each drawing of a chart, labelled by `<id>-caption`."""
    return charts.svg(drawings, id)


@register.filter
def rich(html):
    """Editors' rich text, sanitised: `{{ mission.mandate|rich }}`."""
    return rich_text.render(html)


@register.simple_tag(takes_context=True)
def translated_url(context, language, query=True):
    """This page's address in another language, with its query string unless `query` is False."""
    request = context.get("request")  # absent on the 500 page, rendered without a request
    if request is None:
        return translate_url("/", language)
    return translate_url(request.get_full_path() if query else request.path, language)


@register.simple_tag
def content_lang():
    """` lang="en"` on what editors wrote, when the page is in another language: editors write in the
    site's default language, and a screen reader must not read English with French rules (WCAG 3.1.2)."""
    if get_language() == settings.LANGUAGE_CODE:
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


# Short names of the sources the importers write, for the line under a counter: “Jul 2016 · IPI”.
SHORT_SOURCES = {
    sources.PERSONNEL_IPI_SOURCE: "IPI",
    sources.PERSONNEL_UN_SOURCE: _("UN"),
}


@register.filter
def short_source(source):
    """A source's short name: a known one's abbreviation, else its words up to the first comma or bracket."""
    if source in SHORT_SOURCES:
        return SHORT_SOURCES[source]
    return Truncator(re.split(r",| \(", source)[0]).chars(24)


# How a date known to the day, the month or the year is written and machine-read.
PRECISION_FORMATS = {"day": ("j F Y", "Y-m-d"), "month": ("F Y", "Y-m"), "year": ("Y", "Y")}


@lru_cache(maxsize=10_000)
def formatted(day, format, language):
    """`date_format`, remembered: a timeline writes a thousand dates, many of them the same. `language` is
    part of what is remembered, since the result is written in it."""
    return date_format(day, format)


@register.filter
def precise_date(day, precision="day"):
    """“19 July 2016”, “March 2012” or “2012”, in the reader's language."""
    text = formatted(day, PRECISION_FORMATS[precision][0], get_language())
    if precision == "day" and day.day == 1 and get_language() == "fr":
        return "1er" + text[1:]  # French writes the first of the month as an ordinal: 1er juillet 2013
    return text


@register.filter
def short_month(day):
    """“Jul 2016” in English, “juil. 2016” in French: the month in short, as each language abbreviates it."""
    # Translators: a date format (Django's `date` filter letters): M is “Jul”, N is “juil.” in French.
    return formatted(day, pgettext("short month and year", "M Y"), get_language())


@register.filter
def precise_datetime(day, precision="day"):
    """The `datetime` attribute of a <time> for the same date: 2016-07-19, 2012-03 or 2012."""
    return formatted(day, PRECISION_FORMATS[precision][1], get_language())


@register.filter
def get(mapping, key):
    """`{{ figures|get:key }}`: a dictionary value by a key held in a variable."""
    return mapping.get(key)


@register.simple_tag
def preview_badge(item, preview):
    """In a staff preview, a tag saying why an item is not public yet, or that it shows a change
    waiting for review (nothing for the public)."""
    if not preview:
        return ""
    if not item.is_public:
        return format_html('<span class="tag tag--preview">{}</span>', publication_label(item))
    if getattr(item, "open_revision", None) is not None:
        return format_html('<span class="tag tag--preview">{}</span>', gettext("Change waiting for review"))
    return ""


@register.filter
def hero(mission):
    """The hero image's renditions as `src`, `srcset`, `width` and `height`, or None."""
    renditions = mission.hero_renditions
    if not mission.hero_image or not renditions:
        return None
    largest = renditions[-1]
    return {
        "src": images.storage_url(largest["name"]),
        "srcset": images.srcset(renditions),
        "width": largest["width"],
        "height": largest["height"],
    }


@register.filter
def web_url(url):
    """The address if it is an http(s) link, else nothing: no `javascript:` or `data:` link reaches a page,
    even from a value saved around the forms' validation (an import, the shell)."""
    return url if urlsplit(str(url).strip()).scheme.lower() in ("http", "https") else ""


# Characters that could end a <script> element or open an HTML comment, written as JSON escapes.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`{{ data|json_ld }}`: a JSON-LD <script> block that no value inside can break out of."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308 - escaped above


@register.filter
def plain_number(value):
    """A decimal without trailing zeros, in the reader's language: 28.5738, 28.5 or 30 (28,5 in French)."""
    return number_format(value.normalize()) if value is not None else ""
