"""Site-wide response headers and the answer to a failing database."""

import logging

from csp.utils import build_policy
from django.conf import settings
from django.db import DatabaseError
from django.template.loader import render_to_string

logger = logging.getLogger("sco_site.database")


class SecurityHeadersMiddleware:
    """Send the Content-Security-Policy, Permissions-Policy and frame denial on
    every response, cached pages included.

    django-csp builds the policy from settings.CONTENT_SECURITY_POLICY; it
    never varies per request here (no nonces), so it is built once instead of
    on every response as csp.middleware.CSPMiddleware does.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.headers = {
            "Content-Security-Policy": build_policy(),
            "Permissions-Policy": settings.PERMISSIONS_POLICY,
            "X-Frame-Options": settings.X_FRAME_OPTIONS,
        }

    def __call__(self, request):
        response = self.get_response(request)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        return response


class DatabaseUnavailableMiddleware:
    """Answer a missing, locked or read-only database with a styled 503 and a
    log line, never a traceback."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except DatabaseError as error:
            return self.unavailable(request, error)

    def process_exception(self, request, exception):
        if isinstance(exception, DatabaseError):
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, error):
        from django.http import HttpResponse

        logger.error(
            "database unavailable on %s %s: %s", request.method, request.path, error
        )
        response = HttpResponse(
            render_to_string("503.html"), status=503, content_type="text/html"
        )
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
