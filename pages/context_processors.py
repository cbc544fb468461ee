from django.conf import settings

from missions.models import Mission


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
        # A lazy QuerySet: only pages that show the navigation query it.
        "nav_missions": Mission.objects.published().active_first().only("acronym", "slug", "name"),
    }
