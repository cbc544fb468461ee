"""Officials' posts from the RSS and Atom feeds set on each mission: fetched, read, and kept for review.

A mission's feeds are addresses a Publisher typed, so each is fetched by the guarded downloader
under PUBLIC_HTTPS: https only, to public addresses only (checked after resolving, and again on
every redirect), within one deadline and a size cap. feedparser reads the bytes with external
entities off and expanding entity declarations dropped; a feed it finds malformed is refused whole.
A post's HTML becomes plain text: Update.text never holds markup. A post is new when its link was
never seen for that mission: not among its updates, nor among those deleted in review (their
history keeps the link), so a post a Publisher threw away does not come back at the next run.
"""

import html
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from editorial import revisions
from editorial.publication import Status
from missions.models import Mission, Update

from .download import PUBLIC_HTTPS, DownloadError, download

FEED_RULE = PUBLIC_HTTPS  # tests point it at their local https server; nothing else changes it
DEADLINE = 20  # seconds for the whole of one feed, however slowly its server answers
MAX_BYTES = 2 * 1024 * 1024  # a feed of posts is tens of KB
ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
# Where a line ends in a post's HTML, kept as a line break in its text.
LINE_ENDS = re.compile(r"<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|pre)>", re.IGNORECASE)
# Runs of spaces and tabs, but not the non-breaking spaces French puts before : ; ? !
SPACES = re.compile(r"[ \t\r\f\v]+")


class FeedError(Exception):
    """Why a feed cannot be read, in one line."""


@dataclass
class FeedReport:
    created: list = field(default_factory=list)  # the new updates (unsaved in a dry run)
    known: int = 0
    left_out: int = 0
    error: str = ""


def fetch_updates(mission, url, *, dry_run=False):
    """Add the posts of the feed at `url` that `mission` never had. Changes nothing when the feed fails."""
    report = FeedReport()
    try:
        response = download(url, allow=FEED_RULE, deadline=DEADLINE, max_bytes=MAX_BYTES, accept=ACCEPT)
        updates = read(response.body, url=response.url)
    except (DownloadError, FeedError) as exc:
        report.error = str(exc)
        return report
    publish = settings.FETCHED_UPDATES_PUBLISHED
    note = _("From the feed %(url)s") % {"url": url}
    with transaction.atomic():
        # One run at a time per mission, so that two runs at once cannot both add a post.
        Mission.objects.select_for_update().get(pk=mission.pk)
        links = [update.url for update in updates if update is not None]
        seen = set(Update.history.filter(mission_id=mission.pk, url__in=links).values_list("url", flat=True))
        for update in updates:
            if update is None:
                report.left_out += 1
                continue
            if update.url in seen:
                report.known += 1
                continue
            update.mission, update.status = mission, Status.PUBLISHED if publish else Status.DRAFT
            try:
                update.full_clean()
            except ValidationError:
                report.left_out += 1
                continue
            seen.add(update.url)
            report.created.append(update)
            if not dry_run:
                update._change_reason = note[:100]
                update.save()
                if not publish:  # into the review queue, as an Editor's "submit for review" would
                    revisions.propose(update, user=None, note=note)
    return report


def read(body, *, url):
    """The feed's entries as unsaved Updates, None for an entry without a link or a date."""
    # A stream, not bytes or a str: feedparser opens a file whose path they spell, or fetches their address.
    # Read as XML, whatever type the server gave (feeds are often served as text/html): the XML
    # declaration says the encoding. The address resolves relative links.
    headers = {"content-type": "application/xml", "content-location": url}
    feed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if feed.bozo:
        problem = feed.bozo_exception
        where = problem.getLineNumber() if hasattr(problem, "getLineNumber") else None
        reason = problem.getMessage() if hasattr(problem, "getMessage") else str(problem)
        if where:
            raise FeedError(_("The feed is malformed (line %(line)d: %(reason)s).") % {"line": where, "reason": reason})
        raise FeedError(_("The feed is malformed (%(reason)s).") % {"reason": reason})
    if not feed.version:
        raise FeedError(_("This is not an RSS or Atom feed."))
    return [to_update(entry, feed.feed, url=url) for entry in feed.entries]


def to_update(entry, channel, *, url):
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if not entry.get("link") or when is None:
        return None
    detail = (entry.get("content") or [entry.get("summary_detail") or {}])[0]
    body = plain_text(detail.get("value", ""), detail.get("type", ""))
    title = plain_text(entry.get("title", ""), entry.get("title_detail", {}).get("type", ""))
    # Posts have no title, or one that repeats the text's start; a news item's title says what it is about.
    text = body if body.startswith(title.rstrip(" .…")) else f"{title}\n{body}".strip()
    language = (detail.get("language") or channel.get("language") or "").split("-")[0].lower()
    return Update(
        author=Truncator(entry.get("author") or channel.get("title") or urlsplit(url).hostname).chars(200),
        handle=handle_of(channel.get("link", "")),
        text=Truncator(text).chars(1000),
        language=language if language in Update.Language.values else Update.Language.ENGLISH,
        url=entry.link,
        posted_at=datetime(*when[:6], tzinfo=UTC),
    )


def plain_text(value, content_type):
    """The text of a feed's text or HTML, one line per paragraph, entities turned into characters."""
    if "html" in content_type:
        value = html.unescape(strip_tags(LINE_ENDS.sub("\n", value)))
    lines = (SPACES.sub(" ", line).strip() for line in value.splitlines())
    return "\n".join(line for line in lines if line)


def handle_of(account_url):
    """“@name” from an account's page: Mastodon's https://host/@name, Bluesky's https://bsky.app/profile/name."""
    parts = [part for part in urlsplit(account_url).path.split("/") if part]
    if len(parts) == 1 and parts[0].startswith("@"):
        return parts[0]
    if len(parts) == 2 and parts[0] == "profile" and not parts[1].startswith("did:"):  # a handle, not an id
        return f"@{parts[1]}"
    return ""
