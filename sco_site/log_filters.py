"""Logging filters."""

import logging

from django.db import DatabaseError


class DatabaseErrorsOnOneLine(logging.Filter):
    """Drop the traceback from django.request's record of a database failure:
    sco_site.views.server_error logs the failure on one line, and a locked or
    read-only database is an operating condition, not a bug to debug."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], DatabaseError):
            record.exc_info = None
            record.exc_text = None
        return True
