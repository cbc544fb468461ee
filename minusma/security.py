"""The security plumbing the settings name: client address, lockout and CSRF pages, headers, body size."""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _


def _valid_address(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address a login attempt came from, as django-axes records it.

    Behind our own proxy (DJANGO_BEHIND_PROXY), the client is the entry the nearest
    DJANGO_PROXY_COUNT proxies appended to X-Forwarded-For, counted from the right: entries
    further left were written by the client and prove nothing. Without a proxy the header
    is ignored, since anyone can send it.
    """
    if settings.BEHIND_PROXY:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT and (address := _valid_address(forwarded[-settings.PROXY_COUNT])):
            return address
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The admin login page's answer once django-axes has locked a username out from an address.

    The same page, whether the username exists or not.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {**admin.site.each_context(request), "title": _("Too many failed logins"), "minutes": minutes}
    return render(request, "admin/locked_out.html", context, status=429)


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' lock of a username from an address, plus a higher limit for an address alone.

    Axes compares every lockout parameter with its one failure limit. Five typos must not lock out
    an office that shares one address, yet forty usernames tried from one address must stop: the
    failures of every username from an address count against LOGIN_ADDRESS_FAILURE_LIMIT.
    """

    def address_failures(self, request):
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address, attempt_time__gte=since)
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0

    def address_locked(self, request):
        return self.address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT

    def is_locked(self, request, credentials=None):
        return super().is_locked(request, credentials) or self.address_locked(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) and self.address_locked(request):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def csrf_failure(request, reason=""):
    """Django's CSRF failure page, in the site's look and with the request's context.

    The reason is for developers and stays in the logs (django.security.csrf).
    """
    return render(request, "403_csrf.html", status=403)


class PermissionsPolicyMiddleware:
    """Switches off browser features the site never uses (Django has no setting for this header)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a request body over MAX_REQUEST_BODY_SIZE before anything reads it.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files, which it
    streams to disk however big they are. Without a Content-Length Django reads no body at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_SIZE:
            message = _("This request is too large: the limit is %(limit)s. Choose a smaller file and try again.") % {
                "limit": filesizeformat(settings.MAX_REQUEST_BODY_SIZE)
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
