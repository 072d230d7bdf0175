"""Real-browser tests: Playwright driving Debian's chromium package.

Playwright cannot download its own browser here, so the tests launch
/usr/bin/chromium (Debian's package, installed by `make browser-deps`). The
sync API runs an event loop in the test thread, which Django's ORM would
refuse without this.
"""

import os
from pathlib import Path

import pytest

from tests.test_corpus import load_real_corpus

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # No background traffic: this machine has no network beyond loopback.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def corpus(transactional_db):
    load_real_corpus()


@pytest.fixture
def site(live_server, corpus, settings):
    """The live server's URL, with the real corpus loaded.

    The live server serves static files from the finders, by their plain
    names: manifest storage would answer 500 for pages naming hashed files
    that collectstatic never wrote.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    # The live server's origin is the public one in these tests.
    settings.SITE_URL = live_server.url
    return live_server.url


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def axe_violations():
    """Return a function that runs axe-core on a page and returns violations."""

    def run(page, rules=()):
        page.add_script_tag(path=str(AXE))
        if rules:  # axe.configure's rules: a rule's selector narrowed, say
            page.evaluate("rules => axe.configure({rules})", list(rules))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        return [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
        ]

    return run
