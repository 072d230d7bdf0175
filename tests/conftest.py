import fcntl
import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command

# Runs that are taken only when asked for by name in -m: `make test-scale`
# (-m scale) and `make screenshots` (-m screenshots). Any other expression,
# "not browser" included, or none, leaves them out.
ON_REQUEST = ("scale", "screenshots")


def pytest_collection_modifyitems(config, items):
    asked = config.getoption("markexpr") or ""
    left_out = [marker for marker in ON_REQUEST if marker not in asked]
    kept, deselected = [], []
    for item in items:
        taken = not any(item.get_closest_marker(marker) for marker in left_out)
        (kept if taken else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker):
    """Pages link hashed static files from the manifest, as in production.
    One process at a time: `make check` runs the tests in two (pytest-xdist),
    which would otherwise write the same manifest together."""
    settings.STATIC_ROOT.mkdir(exist_ok=True)
    folder = os.open(settings.STATIC_ROOT, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        call_command("collectstatic", interactive=False, verbosity=0)
    finally:
        os.close(folder)  # and with it the lock


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages or stored paragraph fragments."""
    for cache in caches.all():
        cache.clear()
