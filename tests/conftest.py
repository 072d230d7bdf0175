import fcntl
import os

import hypothesis
import pytest
from django.conf import global_settings, settings
from django.core.cache import caches
from django.core.management import call_command
from django.test.utils import override_settings

# Runs that are taken only when asked for by name in -m: `make test-scale`
# (-m scale) and `make screenshots` (-m screenshots). Any other expression,
# "not browser" included, or none, leaves them out.
ON_REQUEST = ("scale", "screenshots")


def pytest_addoption(parser):
    parser.addoption(
        "--examples-percent",
        type=int,
        default=100,
        help="the share of its examples each property test tries (make check: 25)",
    )


def scale_examples(items, percent):
    """`make check` passes --examples-percent=25 to keep the loop quick: each
    Hypothesis test tries a quarter of the examples it asks for (at least
    one). `make test`, and with it CI, passes nothing and tries them all."""
    if percent == 100:
        return
    for item in items:
        test = getattr(item, "obj", None)
        test = getattr(test, "__func__", test)  # a TestCase's method
        if not hypothesis.is_hypothesis_test(test):
            continue
        # Where @given keeps the test's settings; it reads them at each call.
        asked = test._hypothesis_internal_use_settings
        test._hypothesis_internal_use_settings = hypothesis.settings(
            asked, max_examples=max(1, asked.max_examples * percent // 100)
        )


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
    scale_examples(items, config.getoption("examples_percent"))


@pytest.fixture(scope="session", autouse=True)
def private_login_counts(tmp_path_factory):
    """Without Redis, failed-login counts live in files that every worker of
    the site shares (settings.CACHES["logins"]). Each test process counts in
    a folder of its own, so that runs side by side (`make check`'s two
    processes, `make test-postgres` beside it) never clear each other's."""
    logins = settings.CACHES["logins"]
    if not logins["BACKEND"].endswith("FileBasedCache"):
        yield
        return
    own = {**logins, "LOCATION": str(tmp_path_factory.mktemp("login-failures"))}
    with override_settings(CACHES={**settings.CACHES, "logins": own}):
        yield


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing():
    """Users made by the tests get MD5 password hashes, which their logins
    check in microseconds instead of the ~0.2 s of CPU each of Django's
    default PBKDF2 (a million rounds, slow on purpose), paid at every
    make_user and every login a test posts. Django's default hashers follow,
    so a hash made the production way still verifies."""
    hashers = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *global_settings.PASSWORD_HASHERS,
    ]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


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
