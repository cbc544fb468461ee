"""When public content last changed: the content version, kept in the shared cache.

The content version is one value that changes whenever public content may have. Cached pages
carry it in their keys (pages.cache), so one change makes every cached page stale at once, on every
app server that shares the cache. It is a fresh random token, never a counter: two writers that
both "increment" could leave the same value behind, and a page rendered between them would stay.

Content announces its writes: Publishable.save() and delete() call `content_changed()`, and what
writes in bulk (imports, a list's bulk delete, generated data) calls it itself, since bulk writes
skip both.
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction

VERSION = "content:version"


def content_version():
    """(token, when it changed, as a Unix time) of the current content; None with a cache that keeps nothing."""
    version = cache.get(VERSION)
    if version is None:
        cache.add(VERSION, (uuid.uuid4().hex, time.time()), timeout=None)
        version = cache.get(VERSION)
    return version


def content_changed():
    """Make every cached page stale, once the current transaction commits (at once outside one)."""
    transaction.on_commit(_new_version)


def _new_version():
    cache.set(VERSION, (uuid.uuid4().hex, time.time()), timeout=None)
