"""Whole public pages kept for readers in the shared cache, until public content changes.

A reader without a session cookie asking for a public page (GET or HEAD) gets it from the cache
when it holds one for this content version, language, address, day and the query parameters pages
read. Its ETag is known before anything is read, so a revalidation answers 304 at once. Kept pages
are compressed once, with brotli and gzip, and sent in the encoding the reader accepts.

Never kept: what staff see (they have a session cookie), previews, errors, and responses that set a
cookie, used a CSRF token or say private or no-store. An entry expires at the next scheduled change,
so scheduled publishing stays exact, and at the latest after PAGE_CACHE_SECONDS.

The middleware sits just under WhiteNoise: a kept page skips everything below it, and the response
it keeps already carries the headers the middleware below it added (the content security policy).

Each process also keeps a copy of the last pages it read from the shared cache (`LocalCopies`):
a page's key names its content version, so a copy is never stale, and a hit then reads only the
content version from the shared cache, not the page.
"""

import gzip
import hashlib
import time
from collections import OrderedDict
from datetime import date
from email.utils import formatdate

import brotli
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from editorial.cache import content_version
from editorial.schedule import next_scheduled_change

# The query parameters public pages read; any other is ignored, in the key as by the pages.
QUERY_PARAMETERS = ("as_of", "category", "q", "page")
NOT_PAGES = ("/admin/", "/healthz")
COMPRESSIBLE = ("text/", "application/atom+xml", "application/json", "application/xml", "image/svg+xml")


def page_key(request):
    """(the cache key of this request's page, the content version it is for), or None when the page is
    not one to keep."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    path = request.path_info
    if path.startswith(NOT_PAGES) or path.startswith(
        ("/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/"))
    ):
        return None
    today = timezone.localdate()
    parts = [translation.get_language_from_path(path) or settings.LANGUAGE_CODE, path, today.isoformat()]
    for name in QUERY_PARAMETERS:
        value = request.GET.get(name, "")
        if name == "as_of" and value:
            try:
                # A date in the future is today, as the pages say: one key, not one per future day.
                value = min(date.fromisoformat(value), today).isoformat()
            except ValueError:
                return None  # the page answers 400: nothing to keep
        parts.append(f"{name}={value}")
    version = content_version()
    if version is None:
        return None  # a cache that keeps nothing (CACHE_URL=dummycache://): no page to look for
    digest = hashlib.sha256("\n".join([version[0], *parts]).encode()).hexdigest()
    return f"page:{digest}", version


class LocalCopies:
    """This process's copies of the pages it last read from the shared cache, at most `size`, each
    until the time its shared entry expires: {key: (expires, variant)}, least recently used dropped."""

    def __init__(self, size=256):
        self.size, self.copies = size, OrderedDict()

    def get(self, key):
        found = self.copies.get(key)
        if found is not None and found[0] > time.time():
            self.copies.move_to_end(key)
            return found[1]
        kept = cache.get(key)  # (expires, variant), as `PageCacheMiddleware` stores it
        if kept is None:
            return None
        self.copies[key] = kept
        if len(self.copies) > self.size:
            self.copies.popitem(last=False)
        return kept[1]


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.local = LocalCopies()

    def __call__(self, request):
        found = page_key(request)
        if found is None:
            return self.get_response(request)
        key, version = found
        # Weak: the brotli, gzip and plain bytes of one page share it.
        etag = f'W/"{key.removeprefix("page:")[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            return self.not_modified(etag)
        encoding = accepted(request.headers.get("Accept-Encoding", ""))
        kept = self.local.get(f"{key}:{encoding}")
        if kept is not None:
            return rebuild(kept)
        response = self.get_response(request)
        timeout = self.timeout()
        if not keepable(request, response) or timeout <= 0:
            return response
        # Last-Modified is the version in its key, read once, before rendering.
        made = variants(response, etag, modified=version[1])
        expires = time.time() + timeout
        cache.set_many({f"{key}:{name}": (expires, variant) for name, variant in made.items()}, timeout)
        return rebuild(made[encoding])

    def not_modified(self, etag):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["Cache-Control"] = cache_control()
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    def timeout(self):
        """Seconds a page may be kept: until the next scheduled change, at most PAGE_CACHE_SECONDS."""
        seconds = settings.PAGE_CACHE_SECONDS
        due = next_scheduled_change() if seconds > 0 else None
        if due is not None:
            seconds = min(seconds, int((due - timezone.now()).total_seconds()))
        return seconds


def cache_control():
    # Browsers ask again each time (a 304 costs nothing here); a CDN in front may keep it a while.
    return f"public, max-age=0, s-maxage={settings.PAGE_CACHE_CDN_SECONDS}"


def keepable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def variants(response, etag, *, modified):
    """{"br" | "gzip" | "": (status, headers, body)}: what to send a reader accepting each, compressed once."""
    headers = {name: value for name, value in response.headers.items() if name != "Content-Length"}
    headers.update(
        {
            "ETag": etag,
            "Last-Modified": formatdate(modified, usegmt=True),
            "Cache-Control": cache_control(),
        }
    )
    content = response.content
    if not response.get("Content-Type", "").startswith(COMPRESSIBLE) or "Content-Encoding" in response:
        return dict.fromkeys(("br", "gzip", ""), (response.status_code, headers, content))
    vary = ", ".join(filter(None, [headers.get("Vary"), "Accept-Encoding"]))
    made = {"": (response.status_code, {**headers, "Vary": vary}, content)}
    for encoding, body in (
        ("br", brotli.compress(content, quality=9)),
        ("gzip", gzip.compress(content, compresslevel=6, mtime=0)),
    ):
        made[encoding] = (response.status_code, {**headers, "Vary": vary, "Content-Encoding": encoding}, body)
    return made


def rebuild(variant):
    status, headers, body = variant
    response = HttpResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def accepted(header):
    """ "br" or "gzip" when the reader accepts it (brotli first: smaller), else "" for none."""
    offered = {}
    for part in header.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=")
        try:
            offered[name.strip()] = float(quality) if params else 1.0
        except ValueError:
            offered[name.strip()] = 0.0
    for encoding in ("br", "gzip"):
        if offered.get(encoding, 0) > 0:
            return encoding
    return ""
