"""Absolute URLs: a site path on the configured public origin."""

from django.conf import settings


def absolute(url):
    """Return a site path as an absolute URL on the configured public origin
    (DJANGO_SITE_URL), never on the Host a request claims: pages holding
    these URLs are cached and served to every reader."""
    return settings.SITE_URL + url
