"""What the reverse proxy tells us about the client."""

from django.conf import settings


def client_address(request):
    """Return the client's address: the one the proxy reports in X-Real-IP
    when the site runs behind one (DJANGO_BEHIND_PROXY=1), else the peer's.

    deploy/nginx/sco-reader.conf sets X-Real-IP to the address nginx sees,
    overwriting anything the client sent, so behind it REMOTE_ADDR is only
    the proxy's. Without a proxy the header is the client's own claim and is
    ignored.
    """
    if settings.BEHIND_PROXY and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"]
    return request.META.get("REMOTE_ADDR", "")
