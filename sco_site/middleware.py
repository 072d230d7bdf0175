"""Site-wide response headers."""

from csp.utils import build_policy
from django.conf import settings


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
