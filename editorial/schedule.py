"""When public content next changes by itself: an item's publication or take-down time, a scheduled revision.

The next change bounds how long a page may be kept, and the next scheduled revision tells the
middleware when to publish it, so scheduled publishing stays exact without a scheduler. Both are
kept in the shared cache for the content version they were worked out for, and worked out again
once their time has passed.
"""

from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

from .cache import content_version
from .models import Revision
from .publication import Status, publishable_models


def next_scheduled_change():
    """When public content next changes by itself, or None (one query per publishable model to work out)."""
    return _kept("content:next-change", _next_change)


def next_revision_due():
    """When the next scheduled revision is due, or None; one that is due but not applied yet is in the past."""
    return _kept("content:next-revision", _next_revision)


def kept_while_current(key, work_out):
    """`work_out()`, kept in the shared cache until content changes, by a write or by itself: for what
    many pages show, such as the navigation's missions. Worked out every time with a cache that keeps nothing."""
    version = content_version()
    if version is None:
        return work_out()
    kept = cache.get(key)
    if kept is not None and kept[0] == version[0] and (kept[1] is None or kept[1] > timezone.now()):
        return kept[2]
    until = next_scheduled_change()
    value = work_out()
    cache.set(key, (version[0], until, value), timeout=None)
    return value


def _kept(key, work_out):
    version = content_version()
    now = timezone.now()
    kept = cache.get(key)
    if kept is not None and version is not None and kept[0] == version[0] and (kept[1] is None or kept[1] > now):
        return kept[1]
    when = work_out(now)
    if version is not None:
        cache.set(key, (version[0], when), timeout=None)
    return when


def _next_change(now):
    times = [_next_revision(now)]
    for model in publishable_models():
        found = model._default_manager.filter(status=Status.PUBLISHED).aggregate(
            appears=Min("publish_at", filter=Q(publish_at__gt=now)),
            goes=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
        )
        times += [found["appears"], found["goes"]]
    times = [moment for moment in times if moment is not None]
    return min(times) if times else None


def _next_revision(now):
    return Revision.objects.filter(status=Revision.Status.SCHEDULED).aggregate(due=Min("publish_at"))["due"]
