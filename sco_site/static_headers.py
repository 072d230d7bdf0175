"""The security headers of static files.

WhiteNoise answers /static/ itself, before Django's middleware runs, so
neither SecurityMiddleware nor SecurityHeadersMiddleware (sco_site/
middleware.py) sees those responses. WhiteNoise calls this function
(WHITENOISE_ADD_HEADERS_FUNCTION) for each file it serves, so that static
files carry the same headers as every page (docs/SECURITY.md).
"""

import functools

from django.conf import settings


@functools.cache
def security_headers():
    """Return the headers every response carries, as the settings make them."""
    from csp.utils import build_policy

    headers = {
        "Content-Security-Policy": build_policy(),
        "Permissions-Policy": settings.PERMISSIONS_POLICY,
        "X-Frame-Options": settings.X_FRAME_OPTIONS,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": settings.SECURE_REFERRER_POLICY,
        "Cross-Origin-Opener-Policy": settings.SECURE_CROSS_ORIGIN_OPENER_POLICY,
    }
    if settings.SECURE_HSTS_SECONDS:
        # As SecurityMiddleware sends it; browsers heed it over HTTPS only.
        hsts = f"max-age={settings.SECURE_HSTS_SECONDS}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            hsts += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            hsts += "; preload"
        headers["Strict-Transport-Security"] = hsts
    return headers


def add_static_headers(headers, path, url):
    """Add the security headers to a static file's response (WhiteNoise's
    add_headers_function: headers, the file's path and its URL)."""
    for name, value in security_headers().items():
        headers[name] = value
