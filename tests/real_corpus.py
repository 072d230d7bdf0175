"""The real corpus (fixtures/) in the test database, loaded once per session.

Most test classes need the loaded corpus, not the loading: the loader parses
every fixture, links and stems every paragraph and sends a signal for every
row, so running it in each class's setUpTestData made most of the suite's
time. The first load_real_corpus() of a session runs the loader (the
`load_corpus` command, as before) and records what it wrote: every row of
every table whose rows it changed, and those tables' rows before it ran. A
later call on a database in that same before-state (a test class's fresh
transaction, a transactional test's flushed database) writes the recorded
rows back with bulk_create: no save(), no signal, the very rows the loader made
(the database's own triggers keep the search index in step, as they do for
the loader's writes). On any other database (a corpus already loaded, rows a
test changed) it runs the loader, so a test of re-loading still re-loads.
Either way it returns the loader's report.
"""

from dataclasses import dataclass
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    before: dict  # model -> its rows before the first load
    after: dict  # model -> its rows after it, for the models the load changed
    report: str


_snapshot = None


def models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def attnames(model):
    return [field.attname for field in model._meta.concrete_fields]


def rows(model):
    return list(model._base_manager.order_by("pk").values_list(*attnames(model)))


def run_loader():
    out = StringIO()
    call_command("load_corpus", stdout=out)
    return out.getvalue()


def in_state(tables):
    """Return True when each model's rows are those given, or none at all
    where rows were given: a flushed database has lost the rows of the data
    migrations (the corpus version's row), which the loader makes again."""
    for model, expected in tables.items():
        if model._base_manager.exists() and rows(model) != expected:
            return False
    return True


def restore(snapshot):
    with transaction.atomic():
        for model, table_rows in snapshot.after.items():
            model._base_manager.all()._raw_delete(connection.alias)
            names = attnames(model)
            model._base_manager.bulk_create(
                [model(**dict(zip(names, row, strict=True))) for row in table_rows],
                batch_size=500,
            )
        # PostgreSQL's id sequences do not move for rows given their ids.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), list(snapshot.after)
            ):
                cursor.execute(sql)


def load_real_corpus():
    """Put the real corpus in the test database; return the loader's report."""
    global _snapshot
    if _snapshot is not None and in_state(_snapshot.before):
        restore(_snapshot)
        return _snapshot.report
    if _snapshot is not None:
        return run_loader()
    before = {model: rows(model) for model in models()}
    report = run_loader()
    after = {model: rows(model) for model in before}
    changed = [model for model in before if after[model] != before[model]]
    _snapshot = Snapshot(
        before={model: before[model] for model in changed},
        after={model: after[model] for model in changed},
        report=report,
    )
    return report
