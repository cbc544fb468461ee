"""/sitemap.xml: every published mission's briefing, timeline and casualties pages, in English and French."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery
from django.urls import reverse

from missions.models import InterestPoint, Mission, PersonnelReport, Update
from timeline.models import Agreement, Casualty, Event

PAGES = ("pages:briefing", "pages:timeline", "pages:casualties")
# A mission's pages show these; the newest change to any of them is when the pages last changed.
CONTENT = (Event, Casualty, Agreement, PersonnelReport, Update, InterestPoint)


def last_change(model):
    """When the mission's newest `model` row was last saved, from its history (which every save writes)."""
    history = model.history.model.objects.filter(mission=OuterRef("pk")).order_by("-history_date")
    return Subquery(history.values("history_date")[:1])


class MissionPagesSitemap(Sitemap):
    """One query: the missions, each with the time of its newest change."""

    i18n = True
    alternates = True
    x_default = True
    # Addresses as readers use them (SITE_URL), like the pages' canonical links.
    protocol = urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    def items(self):
        changes = {f"changed_{model._meta.model_name}": last_change(model) for model in CONTENT}
        missions = Mission.objects.published().annotate(**changes).order_by("acronym")
        return [(mission, page) for mission in missions for page in PAGES]

    def location(self, item):
        mission, page = item
        return reverse(page, kwargs={"slug": mission.slug})

    def lastmod(self, item):
        mission, _page = item
        return max(
            filter(None, [mission.updated_at, *(getattr(mission, f"changed_{m._meta.model_name}") for m in CONTENT)])
        )


SITEMAPS = {"missions": MissionPagesSitemap}
