"""Settings for `make bench` only: the site's own settings, with a URLconf
that adds Django's floor (tests/perf/bench_urls.py). Never used in
production: bench.py names this module for the gunicorn it starts."""

from sco_site.settings import *  # noqa: F403

ROOT_URLCONF = "tests.perf.bench_urls"
