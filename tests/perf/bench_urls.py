"""The bench's URLconf: the site's URLs, plus Django's floor.

The floor is a minimal Django view on the same gunicorn, settings,
middleware and load as the reading pages: one query of its own and a
40 KB body, no template. What a reading page costs beyond it is the
project's own work; `make bench` reports every page as a ratio to it.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import path

from sco_site.urls import handler400, handler500, urlpatterns as site_urlpatterns

FLOOR_PATH = "bench/floor/"
FLOOR_BODY = (
    "<!DOCTYPE html>\n<title>Django's floor</title>\n<p>"
    + "Django's floor. " * 2_500
    + "</p>\n"
)


def floor(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM declarations_document")
        cursor.fetchone()
    return HttpResponse(FLOOR_BODY)


urlpatterns = [path(FLOOR_PATH, floor), *site_urlpatterns]

__all__ = ["handler400", "handler500", "urlpatterns"]
