"""The corpus version: one row that every change readers can see moves.

declarations.page_cache keys every reading page and ETag by it. It is a
counter and the database's clock, both written by the database in the
transaction of the change (Document.objects.touch() calls advance()):

- the counter, because app servers' clocks differ: with the newest change
  time as the version, an edit made on a server whose clock is behind left
  the newest time, and so every cached page, unchanged. Incrementing a row
  also orders concurrent edits: the second waits for the first's lock and
  adds to what it committed.
- the database's clock beside it, because a restored backup brings back an
  older counter: the edits that follow count the same numbers again, at
  other times.
"""

from django.db import connections, models
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone

ROW = 1


class CorpusVersion(models.Model):
    """The one row (id 1) holding the corpus version."""

    number = models.PositiveBigIntegerField(
        default=0, help_text="Changes made to the corpus since the row was made."
    )
    changed_at = models.DateTimeField(
        help_text="The database's clock at the last change (for HTTP caching)."
    )

    class Meta:
        verbose_name = "corpus version"

    def __str__(self):
        return f"{self.number} at {self.changed_at}"


def advance(using="default"):
    """Move the corpus version, in the caller's transaction."""
    row = CorpusVersion.objects.using(using).filter(pk=ROW)
    change = {"number": F("number") + 1, "changed_at": Now()}
    if not row.update(**change):
        # A database made without the migration's row (a flushed test
        # database): make it, whichever of two concurrent writers gets there
        # first, then count this change.
        CorpusVersion.objects.using(using).bulk_create(
            [CorpusVersion(pk=ROW, changed_at=timezone.now())], ignore_conflicts=True
        )
        row.update(**change)


def current(using="default"):
    """Return the corpus version as a string, or None before any change."""
    # Raw SQL: this runs on every reading request, and building the same
    # query through the ORM costs more than running it.
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT number, changed_at FROM declarations_corpusversion WHERE id = %s",
            [ROW],
        )
        found = cursor.fetchone()
    return None if found is None else f"{found[0]}@{found[1]}"
