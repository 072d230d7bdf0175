"""Shared by the commands that offer --dry-run over a database write."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def atomic_unless_dry_run(dry_run):
    """Run the block in one transaction, rolled back at the end on a dry run."""
    with transaction.atomic():
        yield
        if dry_run:
            transaction.set_rollback(True)
