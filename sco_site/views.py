"""Site-wide error views."""

import logging
import sys

from django.core.exceptions import BadRequest
from django.db import DatabaseError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger("sco_site.database")


def server_error(request):
    """Answer a failing database (missing, locked, read-only) with a styled
    503 and a log line; any other error with the styled 500 page.

    Django calls this while the exception is being handled, so sys.exc_info()
    still names it, whichever middleware or view raised it.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        logger.error(
            "database unavailable on %s %s: %s", request.method, request.path, error
        )
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request)


def bad_request(request, exception):
    """Answer a bad request with the styled 400 page, naming what was wrong
    when our own code said so (a BadRequest); Django's other 400s (such as
    a disallowed host) keep the generic wording."""
    message = str(exception) if type(exception) is BadRequest else ""
    return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))
