"""Settings for the SCO Declarations Reader, read from the environment.

One settings module with safe local defaults, as in simonw/simonwillisonblog
config/settings.py. Production (DJANGO_DEBUG=0) refuses to start on a
missing secret key or host list rather than fall back to a default.
"""

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from sco_site.static_headers import add_static_headers

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name, default):
    """Return the boolean value of an environment variable such as 1/0, on/off."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Return a comma-separated environment variable as a list of clean items."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_flag("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("DJANGO_SECRET_KEY_FILE"):
    # `make run` keeps a key it generated in var/, out of the process list.
    SECRET_KEY = Path(os.environ["DJANGO_SECRET_KEY_FILE"]).read_text().strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: production (DJANGO_DEBUG=0) needs a "
            "secret key."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver" if DEBUG else ""
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is not set: production (DJANGO_DEBUG=0) needs the "
        "comma-separated host names the site answers to."
    )
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public origin of every absolute URL the site prints (canonical links,
# citations, JSON-LD, data exports). Never taken from a request's Host or
# X-Forwarded-Proto: cached pages hold these URLs for every later reader.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not re.fullmatch(r"https?://[^/?#\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"DJANGO_SITE_URL must be an origin such as https://example.org, not "
        f"{SITE_URL!r}."
    )

INSTALLED_APPS = [
    "sco_site.apps.ThrottledAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "csp",
    "reversion",
    "declarations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware, as whitenoise's documentation asks.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sco_site.middleware.SecurityHeadersMiddleware",
    # Answers cached reading pages before the rest of the stack runs.
    "declarations.page_cache.ReadingPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sco_site.urls"
WSGI_APPLICATION = "sco_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under var/ (git-ignored) unless DATABASE_URL names another database.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        # A kept connection is checked before reuse, so that the app servers
        # recover from a database restart without being restarted.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a curator writes; the timeout rides out
    # a short lock instead of failing the request.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_VALIDATION = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{PASSWORD_VALIDATION}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{PASSWORD_VALIDATION}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{PASSWORD_VALIDATION}.CommonPasswordValidator"},
    {"NAME": f"{PASSWORD_VALIDATION}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_flag("DJANGO_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
# WhiteNoise answers static files before any middleware: it adds the
# security headers itself (sco_site/static_headers.py).
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers

# One machine: a cache per process (every page is keyed by the corpus
# version, so it is never stale). Several app servers: REDIS_URL (or
# CACHE_URL) makes the page cache and the login throttle shared; a Redis
# outage then costs speed, not pages (sco_site/cache.py).
CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
# "fragments" holds each paragraph's reading HTML (declarations/fragments.py):
# never stale (keyed by version), so only size bounds it.
FRAGMENT_SECONDS = 60 * 60 * 24 * 7
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "sco_site.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "sco-reader",
        },
        "fragments": {
            "BACKEND": "sco_site.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "sco-reader-fragments",
            "TIMEOUT": FRAGMENT_SECONDS,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sco-reader",
        },
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "sco-reader-fragments",
            "TIMEOUT": FRAGMENT_SECONDS,
            # Every paragraph in three languages, two variants, of 300 documents
            # the size of this one would be 240,000; the oldest go first.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }
# Failed logins (sco_site/admin.py) must be counted once for all workers:
# with Redis, there; without it (`make run`: several gunicorn workers on one
# machine), in files the workers share, never in a cache per process.
CACHES["logins"] = (
    {**CACHES["default"], "KEY_PREFIX": "sco-reader-logins"}
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get(
            "DJANGO_LOGIN_CACHE_DIR", str(BASE_DIR / "var" / "login-failures")
        ),
        # Past MAX_ENTRIES Django's file cache deletes a third of its entries
        # at random: guesses from many addresses would wipe an account's
        # count. Expired counts are removed when they are next read.
        "OPTIONS": {"MAX_ENTRIES": 10**9},
    }
)

LOGIN_URL = "admin:login"
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Curators' sessions end after a working day, or when the browser closes.
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = 15 * 60
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Behind a reverse proxy (deploy/nginx/sco-reader.conf), and only then, the
# scheme and client address it reports are trusted: it overwrites whatever a
# client sent in X-Forwarded-Proto and X-Real-IP. Without a proxy a client
# could claim HTTPS or any address by sending those headers itself.
BEHIND_PROXY = env_flag("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Cookies marked Secure never come back over plain HTTP: a site served
    # without TLS (`make run` on this machine) could not keep a login.
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT

# A strict policy: every script and style is a file of ours (no inline code).
# django-csp builds the header from this; SecurityHeadersMiddleware sends it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "database_errors": {"()": "sco_site.log_filters.DatabaseErrorsOnOneLine"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["database_errors"]}
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
CORPUS_DIR = BASE_DIR / "fixtures"
