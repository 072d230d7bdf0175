"""The languages a reading page shows, and the one rule for ?lang=."""

from django.core.exceptions import BadRequest
from django.db import models


class Language(models.TextChoices):
    BOTH = "both", "English and 中文"
    EN = "en", "English"
    ZH = "zh", "中文"


def requested_language(request):
    """Return the language a reading page shows; an unknown ?lang= is a
    BadRequest, answered with a 400 that names the value."""
    value = request.GET.get("lang") or Language.BOTH
    if value not in Language.values:
        raise BadRequest(
            f"Unknown language {value!r}: lang takes {', '.join(Language.values)}."
        )
    return Language(value)
