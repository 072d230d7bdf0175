import pytest
from django.core.cache import caches
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker):
    """Pages link hashed static files from the manifest, as in production."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages or stored paragraph fragments."""
    for cache in caches.all():
        cache.clear()
