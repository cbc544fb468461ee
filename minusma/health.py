"""`/healthz`, for load balancers and uptime checks: 200 when the database answers, 503 when not."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers `/healthz` before any other middleware.

    A probe comes straight to gunicorn: over plain HTTP (no HTTPS redirect wanted), often with
    the server's address as Host (not in ALLOWED_HOSTS), and it needs no session, language,
    login throttling or HTML. It reveals only whether the database answers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse("method not allowed\n", status=405, content_type="text/plain; charset=utf-8")
            response["Allow"] = "GET, HEAD"
        else:
            response = check_database()
        add_never_cache_headers(response)
        response["X-Content-Type-Options"] = "nosniff"
        return response


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer")
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
