"""Files the web asks every site for: /favicon.ico and /robots.txt."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from declarations import public_urls


@require_safe
def favicon(request):
    """Send /favicon.ico, which browsers and crawlers ask for whatever a
    page's icon link says, to the site's icon (a redirect, not a copy: the
    icon's static name changes with its content)."""
    return redirect(static("declarations/favicon.svg"))


@require_safe
def robots_txt(request):
    sitemap = public_urls.absolute("/sitemap.xml")
    return HttpResponse(
        f"User-agent: *\nDisallow:\nSitemap: {sitemap}\n",
        content_type="text/plain; charset=utf-8",
    )
