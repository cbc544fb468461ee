"""/search/?q=: published missions, events, agreements and updates, best matches first.

On PostgreSQL, full-text search ranks the matches, stemming both English and French whatever the
reader's language (content is written in either). Elsewhere (SQLite) every word must appear in
one of the fields, and matches in titles rank first. Four queries whatever the amount of content:
one per kind of content (the navigation's missions are kept in the cache).
"""

import html
import re
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import add, and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from missions.models import Mission, Update
from timeline.models import Agreement, Event

PER_PAGE = 20
MAX_LENGTH = 200
MAX_WORDS = 10
CONFIGS = ("english", "french")
WORD = re.compile(r"\w+")


@dataclass
class Result:
    kind: str
    title: str
    text: str  # plain text, to quote around the first match
    url: str
    day: date | None
    rank: float = 0


def plain(rich):
    return html.unescape(strip_tags(rich or ""))


def mission_result(mission):
    return Result(
        _("Mission"),
        f"{mission.acronym}: {mission.name}",
        " · ".join(filter(None, [mission.summary, plain(mission.mandate), plain(mission.background)])),
        mission.get_absolute_url(),
        mission.started_on,
    )


def event_result(event):
    return Result(
        f"{event.mission.acronym} · {event.get_category_display()}",
        event.title,
        " · ".join(filter(None, [event.place, plain(event.body)])),
        event.get_absolute_url(),
        event.date,
    )


def agreement_result(agreement):
    return Result(
        f"{agreement.mission.acronym} · {_('Peace agreement')}",
        agreement.title,
        " · ".join(filter(None, [plain(agreement.summary), ", ".join(agreement.party_list)])),
        agreement.get_absolute_url(),
        agreement.signed_on,
    )


def update_result(update):
    return Result(
        f"{update.mission.acronym} · {_('Update')}",
        f"{update.author} ({update.handle})" if update.handle else update.author,
        update.text,
        update.get_absolute_url(),
        timezone.localdate(update.posted_at),
    )


def sources():
    """(published rows, title fields, other fields, Result maker) for each kind of content."""
    missions = Mission.objects.published()
    of_public_missions = {"mission__in": missions}
    return [
        (missions, ("acronym", "name"), ("summary", "mandate", "background"), mission_result),
        (
            Event.objects.published().filter(**of_public_missions).select_related("mission"),
            ("title",),
            ("place", "body"),
            event_result,
        ),
        (
            Agreement.objects.published().filter(**of_public_missions).select_related("mission"),
            ("title",),
            ("parties", "place", "summary"),
            agreement_result,
        ),
        (
            Update.objects.published().filter(**of_public_missions).select_related("mission"),
            ("author", "handle"),
            ("text",),
            update_result,
        ),
    ]


def full_text(rows, title_fields, other_fields, terms):
    """PostgreSQL: matches ranked by SearchRank, titles weighing more. HTML tags are not indexed."""
    vector = reduce(
        add,
        [SearchVector(*title_fields, config=config, weight="A") for config in CONFIGS]
        + [SearchVector(*other_fields, config=config, weight="B") for config in CONFIGS],
    )
    query = reduce(or_, [SearchQuery(terms, config=config, search_type="websearch") for config in CONFIGS])
    return [
        (row, row.rank) for row in rows.annotate(document=vector, rank=SearchRank(vector, query)).filter(document=query)
    ]


def plain_match(rows, title_fields, other_fields, terms):
    """Other databases: rows holding every word somewhere; a word in a title counts double."""
    words = WORD.findall(terms)[:MAX_WORDS]
    fields = title_fields + other_fields
    every_word = reduce(and_, [reduce(or_, [Q(**{f"{f}__icontains": w}) for f in fields]) for w in words])
    found = []
    for row in rows.filter(every_word):
        title = " ".join(str(getattr(row, field)) for field in title_fields).lower()
        found.append((row, sum(2 if word.lower() in title else 1 for word in words)))
    return found


def find(terms):
    match = full_text if connection.vendor == "postgresql" else plain_match
    results = []
    for rows, title_fields, other_fields, make in sources():
        for row, rank in match(rows, title_fields, other_fields, terms):
            result = make(row)
            result.rank = rank
            results.append(result)
    return sorted(results, key=lambda result: (-result.rank, -(result.day or date.min).toordinal()))


def highlighter(terms):
    """A pattern for the words a search matched. Stemming finds “attack” from “attacks”, so a long
    word matches on its stem-like start (all but its last two letters)."""
    starts = {word if len(word) <= 4 else word[: max(4, len(word) - 2)] for word in WORD.findall(terms)}
    if not starts:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(starts, key=len, reverse=True))) + r")\w*", re.I)


def highlight(text, pattern):
    """`text` escaped, with the matched words in <mark>: a title holding <script> stays text."""
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for found in pattern.finditer(text):
        parts += [escape(text[last : found.start()]), format_html("<mark>{}</mark>", found.group())]
        last = found.end()
    return mark_safe("".join([*parts, escape(text[last:])]))  # noqa: S308 - every part escaped above


def excerpt(text, pattern, length=240):
    """About `length` characters of `text` around its first matched word."""
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - length // 3) if found else 0
    if start:
        start = text.rfind(" ", 0, start) + 1
    end = start + length
    return ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def search(request):
    terms = " ".join(request.GET.get("q", "").split())[:MAX_LENGTH]
    page = Paginator(find(terms) if WORD.search(terms) else [], PER_PAGE).get_page(request.GET.get("page"))
    pattern = highlighter(terms)
    for result in page:
        result.title_html = highlight(result.title, pattern)
        result.excerpt_html = highlight(excerpt(result.text, pattern), pattern)
    return render(request, "pages/search.html", {"search_query": terms, "page": page})
