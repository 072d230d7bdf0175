import pytest
from django.core.management import call_command


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker):
    """Pages link hashed static files from the manifest, as in production."""
    call_command("collectstatic", interactive=False, verbosity=0)
