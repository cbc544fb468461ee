"""When public content next changes by itself: an item's publication or take-down time, a scheduled revision.

It bounds how long a page may be kept, and tells when scheduled revisions are due, so scheduled
publishing stays exact without a scheduler. Kept in the shared cache with the content version it
was computed for.
"""

from django.apps import apps
from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

from .cache import content_version
from .models import Revision
from .publication import Publishable, Status

NEXT_CHANGE = "content:next-change"


def next_scheduled_change():
    """When public content next changes by itself, or None. Costs no query while the answer holds.

    A scheduled revision that is due but not applied yet is in the past: it is due now.
    """
    token, _changed = content_version()
    now = timezone.now()
    cached = cache.get(NEXT_CHANGE)
    if cached is not None and cached[0] == token and (cached[1] is None or cached[1] > now):
        return cached[1]
    when = _compute_next_change(now)
    cache.set(NEXT_CHANGE, (token, when), timeout=None)
    return when


def _compute_next_change(now):
    times = []
    for model in apps.get_models():
        if issubclass(model, Publishable):
            found = model._default_manager.filter(status=Status.PUBLISHED).aggregate(
                appears=Min("publish_at", filter=Q(publish_at__gt=now)),
                goes=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
            )
            times += [found["appears"], found["goes"]]
    times.append(Revision.objects.filter(status=Revision.Status.SCHEDULED).aggregate(due=Min("publish_at"))["due"])
    times = [moment for moment in times if moment is not None]
    return min(times) if times else None
