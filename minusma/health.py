"""`/healthz`, for load balancers and uptime checks: 200 when the database and the cache answer, else 503.

The background worker's state is reported beside it (when it was last seen) but never fails the
check: an app server without a worker still serves readers, and taking it out of the load balancer
would not start the worker.
"""

import logging
import time

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/healthz"
# Written by `manage.py worker` every BEAT_SECONDS, never expiring: its age says how long the worker has been gone.
HEARTBEAT = "worker:heartbeat"
BEAT_SECONDS = 5


class HealthCheckMiddleware:
    """Answers `/healthz` before any other middleware.

    A probe comes straight to gunicorn: over plain HTTP (no HTTPS redirect wanted), often with
    the server's address as Host (not in ALLOWED_HOSTS), and it needs no session, language,
    login throttling or HTML. It reveals only whether the database and the cache answer, and
    when the worker was last seen.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = plain("method not allowed\n", status=405)
            response["Allow"] = "GET, HEAD"
        else:
            response = check()
        add_never_cache_headers(response)
        response["X-Content-Type-Options"] = "nosniff"
        return response


def plain(text, status=200):
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


def check():
    # A worker keeps its connection between requests. A kept SQLite connection outlives its file (moved
    # away, it still answers), so SQLite is asked on a new one, as a restarted worker would open; other
    # databases fail the query on a dead connection, and the kept one serves the next request.
    # Never inside a transaction (a test's), which closing would break.
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        connection.close()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return plain("database unavailable\n", status=503)
    try:
        # Reading the heartbeat is the cache's check: a round trip to Redis, or to the cache's files.
        beat = cache.get(HEARTBEAT)
    except Exception:  # each cache backend fails with its own errors (redis.ConnectionError, OSError, ...)
        logger.exception("Health check: the cache does not answer")
        return plain("cache unavailable\n", status=503)
    worker = "not seen" if beat is None else f"last seen {max(0, round(time.time() - beat))} s ago"
    return plain(f"ok\nworker: {worker}\n")


def beat_forever():
    """The worker's heartbeat (run in a thread of `manage.py worker`)."""
    while True:
        try:
            cache.set(HEARTBEAT, time.time(), timeout=None)
        except Exception:  # the cache is down: /healthz says so; beat again when it is back
            logger.exception("Worker heartbeat: the cache does not answer")
        time.sleep(BEAT_SECONDS)
