"""Atom feeds of published events and updates, newest first: one per mission (three queries) and one for
the whole site (two queries)."""

from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from editorial import rich_text
from missions.models import Mission, Update
from timeline.models import Event

from .templatetags.briefing import web_url


def absolute(path):
    """The address readers use, from SITE_URL: ids stay the same whatever Host a request came with."""
    return settings.SITE_URL.rstrip("/") + path


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    id: str
    updated: datetime
    summary: str
    category: str


def event_entry(event):
    return Entry(
        title=f"{event.mission.acronym}: {event.title}",
        link=absolute(event.get_absolute_url()),
        id=absolute(event.get_absolute_url()),
        # Events are dated to the day at best: the start of that day in the site's time zone.
        updated=timezone.make_aware(datetime.combine(event.date, time.min)),
        summary=rich_text.render(event.body),
        category=event.get_category_display(),
    )


def update_entry(update):
    anchor = absolute(update.get_absolute_url())
    return Entry(
        title=f"{update.mission.acronym}: {update.author}: {Truncator(update.text).words(12)}",
        link=web_url(update.url) or anchor,
        id=anchor,
        updated=update.posted_at,
        # The summary is HTML: a plain-text post is escaped so that "<" stays a character.
        summary=escape(update.text),
        category=_("Update"),
    )


class EventsAndUpdatesFeed(Feed):
    feed_type = Atom1Feed
    limit = 50

    def entries(self, *, events, updates):
        events = events.select_related("mission").order_by("-date", "-pk")[: self.limit]
        updates = updates.select_related("mission").order_by("-posted_at", "-pk")[: self.limit]
        entries = [event_entry(event) for event in events] + [update_entry(update) for update in updates]
        return sorted(entries, key=lambda entry: entry.updated, reverse=True)[: self.limit]

    def author_name(self):
        return str(settings.SITE_NAME)

    def feed_guid(self, obj):
        return self._get_dynamic_attr("feed_url", obj)

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.id

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.updated

    def item_description(self, item):
        return item.summary

    def item_categories(self, item):
        return [item.category]


class MissionFeed(EventsAndUpdatesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Mission.objects.published(), slug=slug)

    def title(self, mission):
        return _("%(acronym)s: events and updates") % {"acronym": mission.acronym}

    def subtitle(self, mission):
        return mission.summary or mission.name

    def link(self, mission):
        return absolute(mission.get_absolute_url())

    def feed_url(self, mission):
        return absolute(reverse("pages:mission_feed", kwargs={"slug": mission.slug}))

    def items(self, mission):
        return self.entries(
            events=Event.objects.published().filter(mission=mission),
            updates=Update.objects.published().filter(mission=mission),
        )


class SiteFeed(EventsAndUpdatesFeed):
    def title(self):
        return _("%(site)s: events and updates") % {"site": settings.SITE_NAME}

    def subtitle(self):
        return _("Events and updates from every mission.")

    def link(self):
        return absolute(reverse("pages:home"))

    def feed_url(self):
        return absolute(reverse("pages:feed"))

    def items(self):
        missions = Mission.objects.published()
        return self.entries(
            events=Event.objects.published().filter(mission__in=missions),
            updates=Update.objects.published().filter(mission__in=missions),
        )
