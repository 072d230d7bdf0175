# The two commands a newcomer needs: `make run` and `make test`.
# Everything they need is installed from here (see README.md).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
WORKERS ?= 2
CONSTRAINTS := requirements/constraints.txt
# Installs Debian packages (with sudo when not root); called only when
# what a target needs is missing.
APT_INSTALL := tests/apt_install.sh

.PHONY: bench bench-deps check dev run scale-deps soak test test-postgres test-scale install install-test \
        browser-deps node-deps lint format fixtures constraints superuser clean screenshots

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml $(CONSTRAINTS)
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -c $(CONSTRAINTS) -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Debian's Chromium drives the browser tests (Playwright cannot download its
# own here); Noto CJK renders the Chinese text in screenshots.
browser-deps:
	@{ [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; } || \
		$(APT_INSTALL) chromium fonts-noto-cjk

node-deps:
	@command -v npm >/dev/null || $(APT_INSTALL) nodejs npm
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent

# The site as readers see it: production settings (debug off, styled error
# pages) over plain HTTP on this machine. The secret key is made on the
# first run and kept in var/ (git-ignored); any DJANGO_* variable set in the
# environment wins over these defaults.
SECRET_KEY_FILE := var/secret_key
RUN_ENV = DJANGO_DEBUG=0 \
	DJANGO_SECRET_KEY_FILE=$${DJANGO_SECRET_KEY_FILE:-$(SECRET_KEY_FILE)} \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-$(HOST),localhost} \
	DJANGO_SITE_URL=$${DJANGO_SITE_URL:-http://$(HOST):$(PORT)} \
	DJANGO_SECURE_SSL_REDIRECT=$${DJANGO_SECURE_SSL_REDIRECT:-0}

$(SECRET_KEY_FILE):
	@mkdir -p var
	@umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: install $(SECRET_KEY_FILE)
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py load_corpus
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	@echo "Serving on http://$(HOST):$(PORT)/"
	$(RUN_ENV) $(VENV)/bin/gunicorn sco_site.wsgi --bind $(HOST):$(PORT) \
		--workers $(WORKERS) --no-control-socket --access-logfile -

# The development server: debug on, Django's technical error pages.
dev: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_corpus
	$(PY) manage.py runserver $(HOST):$(PORT)

# Lint and the fixtures' freshness: the first step of `make test` and `make check`.
lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py build_corpus --check

test: lint browser-deps node-deps
	$(PY) -m pytest

# The quick loop while working: lint, fixtures, and every test that needs no
# browser (nothing installed with apt-get, so no root needed), in two
# processes. --dist loadscope hands out each test class whole (and each
# module's test functions together), so a class's setUpTestData runs in one
# process only; without reordering (--no-loadscope-reorder) the classes go
# out in pytest-django's order, so no TestCase runs after a transactional test has flushed its
# process's database (and with it the data migrations' rows, the Curators
# group). Property tests try a quarter of their examples here
# (--examples-percent=25); `make test`, and with it CI, tries them all.
check: lint
	$(PY) -m pytest -m "not browser" -q -n 2 --dist loadscope --no-loadscope-reorder \
		--examples-percent=25

# Screenshots of the reading pages at desktop and phone widths, for a person
# to look at, in test-results/ (git-ignored); they check nothing, so neither
# `make test` nor `make check` takes them.
screenshots: install-test browser-deps
	$(PY) -m pytest -m screenshots tests/browser -q

# Benchmark: gunicorn with production settings, wrk, Lighthouse; writes
# docs/PERFORMANCE.md. Takes a few minutes.
bench: install browser-deps bench-deps scale-deps
	$(PY) tests/perf/bench.py

# 60 s at 64 connections against gunicorn with production settings; writes
# its figures into docs/SECURITY.md and fails if the target is not met.
soak: install bench-deps
	$(PY) tests/perf/soak.py

bench-deps:
	@command -v wrk >/dev/null || $(APT_INSTALL) wrk
	@command -v npm >/dev/null || $(APT_INSTALL) nodejs npm
	@[ -x tests/perf/node_modules/.bin/lighthouse ] || \
		npm ci --prefix tests/perf --no-audit --no-fund --silent

# Every test that touches the database, against a throw-away PostgreSQL
# cluster (installed from Debian's packages if missing), started and removed
# by the script. The browser tests run once, in `make test`: what they check
# is the pages, which the database does not change.
test-postgres: install-test
	tests/run_postgres.sh -m "not browser"

# Two gunicorn app servers behind nginx, with PostgreSQL 15 and Redis 7, all
# on 127.0.0.1 under one throw-away folder, started, tested and removed by
# the scale tests (tests/scale/); see docs/DEPLOYMENT.md. About 3 minutes.
test-scale: install-test scale-deps
	SCO_SCALE=1 $(PY) -m pytest -m scale tests/scale -v -s

scale-deps:
	@{ ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && \
	   command -v redis-server >/dev/null && command -v nginx >/dev/null && \
	   command -v wrk >/dev/null; } || \
		$(APT_INSTALL) postgresql redis-server nginx wrk

format: install-test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Rebuild fixtures/ from fixtures/sources and fixtures/curation.
fixtures: install
	$(PY) manage.py build_corpus -v2

superuser: install
	$(PY) manage.py createsuperuser

# Re-pin every dependency to what is installed now (run after changing pyproject).
constraints: install-test
	$(PY) -m pip freeze --exclude-editable | sort > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) staticfiles node_modules var/*.sqlite3*
