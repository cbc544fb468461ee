from django.conf import settings

from editorial.schedule import kept_while_current
from missions.models import Mission


def nav_missions():
    """The published missions the navigation lists, kept until content changes."""
    return kept_while_current(
        "pages:nav-missions", lambda: list(Mission.objects.published().active_first().only("acronym", "slug", "name"))
    )


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
        # A callable, which a template calls: only pages that show the navigation look it up.
        "nav_missions": nav_missions,
    }
