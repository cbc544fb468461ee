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
"""

import gzip
import hashlib
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
    """The cache key of this request's page, or None when the page is not one to keep."""
    if request.method not in ("GET", "HEAD") or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    path = request.path_info
    if path.startswith(NOT_PAGES) or path.startswith(("/" + settings.STATIC_URL.lstrip("/"), settings.MEDIA_URL)):
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
    token, _changed = content_version()
    digest = hashlib.sha256("\n".join([token, *parts]).encode()).hexdigest()
    return f"page:{digest}"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_key(request)
        if key is None:
            return self.get_response(request)
        etag = f'"{key.removeprefix("page:")[:32]}"'
        if etag in request.headers.get("If-None-Match", ""):
            return self.not_modified(etag)
        entry = cache.get(key)
        if entry is None:
            response = self.get_response(request)
            timeout = self.timeout()
            if not keepable(request, response) or timeout <= 0:
                return response
            entry = Entry(response)
            cache.set(key, entry, timeout)
        return entry.response(request, etag)

    def not_modified(self, etag):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        response["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}"
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    def timeout(self):
        """Seconds a page may be kept: until the next scheduled change, at most PAGE_CACHE_SECONDS."""
        seconds = settings.PAGE_CACHE_SECONDS
        due = next_scheduled_change() if seconds > 0 else None
        if due is not None:
            seconds = min(seconds, int((due - timezone.now()).total_seconds()))
        return seconds


def keepable(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


class Entry:
    """A kept page: its headers, its content, and that content compressed once."""

    def __init__(self, response):
        self.status = response.status_code
        self.headers = [(name, value) for name, value in response.headers.items() if name != "Content-Length"]
        self.content = response.content
        self.modified = formatdate(content_version()[1], usegmt=True)
        compressible = response.get("Content-Type", "").startswith(COMPRESSIBLE) and len(self.content) > 200
        self.encoded = {}
        if compressible and "Content-Encoding" not in response:
            self.encoded = {
                "br": brotli.compress(self.content, quality=9),
                "gzip": gzip.compress(self.content, compresslevel=6, mtime=0),
            }

    def response(self, request, etag):
        encoding = accepted(request.headers.get("Accept-Encoding", ""), self.encoded)
        response = HttpResponse(self.encoded.get(encoding, self.content), status=self.status)
        for name, value in self.headers:
            response[name] = value
        if encoding:
            response["Content-Encoding"] = encoding
        if self.encoded:
            patch_vary_headers(response, ("Accept-Encoding",))
        response["ETag"] = etag
        response["Last-Modified"] = self.modified
        response["Cache-Control"] = f"public, max-age={settings.PAGE_CACHE_BROWSER_SECONDS}"
        return response


def accepted(header, encodings):
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
        if encoding in encodings and offered.get(encoding, 0) > 0:
            return encoding
    return ""
