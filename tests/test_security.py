"""Production settings, headers, error pages, login throttling, failing databases."""

import os
import subprocess
import sys
from unittest import mock

from django.conf import settings
from django.db import OperationalError
from django.test import Client, TestCase, override_settings
from django.urls import path

from declarations.models import Paragraph
from sco_site import urls as site_urls
from tests.factories import make_user
from tests.test_corpus import load_real_corpus

PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-production-grade-secret-key-for-settings-tests-0123456789",
    "DJANGO_ALLOWED_HOSTS": "reader.example.org",
}


def manage(*args, env):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key_or_hosts():
    without_key = {**PRODUCTION, "DJANGO_SECRET_KEY": ""}
    result = manage("check", env=without_key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    without_hosts = {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": ""}
    result = manage("check", env=without_hosts)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_a_missing_database_gives_a_styled_503(tmp_path):
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client(raise_request_exception=False).get('/declarations/tianjin-2025/')\n"
        "print(r.status_code); print(r.content.decode())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            **PRODUCTION,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SETTINGS_MODULE": "sco_site.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path}/missing-folder/db.sqlite3",
            "DJANGO_MANIFEST_STATIC": "0",
        },
        capture_output=True,
        text=True,
    )
    assert result.stdout.startswith("503"), result.stdout + result.stderr
    assert "Temporarily unavailable" in result.stdout
    assert "Traceback" not in result.stdout
    assert "database unavailable on GET /declarations/tianjin-2025/" in result.stderr
    assert "Traceback" not in result.stderr


def failing_view(request):
    raise RuntimeError("secret internals")


urlpatterns = [path("boom/", failing_view), *site_urls.urlpatterns]
handler500 = site_urls.handler500


class HeadersAndErrorPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_security_headers_on_pages_and_admin(self):
        for url in ["/", "/declarations/tianjin-2025/", "/admin/login/", "/nope/"]:
            response = self.client.get(url)
            policy = response["Content-Security-Policy"]
            self.assertIn("default-src 'self'", policy)
            self.assertIn("frame-ancestors 'none'", policy)
            self.assertIn("object-src 'none'", policy)
            self.assertNotIn("unsafe-inline", policy)
            self.assertNotIn("unsafe-eval", policy)
            self.assertEqual(response["X-Frame-Options"], "DENY")
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")
            self.assertEqual(response["Referrer-Policy"], "same-origin")
            self.assertIn("camera=()", response["Permissions-Policy"])

    @override_settings(ROOT_URLCONF="tests.test_security")
    def test_a_server_error_shows_the_styled_page_without_internals(self):
        client = Client(raise_request_exception=False)
        response = client.get("/boom/")
        self.assertEqual(response.status_code, 500)
        self.assertContains(response, "Something went wrong", status_code=500)
        self.assertNotContains(response, "secret internals", status_code=500)
        self.assertNotContains(response, "Traceback", status_code=500)

    def test_a_bad_host_gets_the_styled_400(self):
        response = self.client.get("/", headers={"host": "evil.example"})
        self.assertContains(response, "Bad request", status_code=400)

    def test_a_missing_csrf_token_gets_the_styled_403(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/admin/login/", {"username": "x", "password": "y"})
        self.assertContains(response, "Forbidden", status_code=403)
        self.assertContains(response, "SCO Declarations Reader", status_code=403)

    def test_a_locked_database_gives_a_styled_503_and_a_log_line(self):
        locked = OperationalError("database is locked")
        with (
            mock.patch(
                "django.db.backends.utils.CursorWrapper.execute", side_effect=locked
            ),
            self.assertLogs("sco_site.database", "ERROR") as logs,
        ):
            response = Client(raise_request_exception=False).get(
                "/declarations/tianjin-2025/ii/"
            )
        self.assertContains(response, "Temporarily unavailable", status_code=503)
        self.assertNotContains(response, "locked", status_code=503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertIn("database is locked", logs.output[0])

    def test_a_read_only_database_gives_a_503_on_save(self):
        client = Client(raise_request_exception=False)
        client.force_login(make_user("admin", superuser=True))
        read_only = OperationalError("attempt to write a readonly database")
        with (
            mock.patch("declarations.models.Annotation.save", side_effect=read_only),
            self.assertLogs("sco_site.database", "ERROR"),
        ):
            response = client.post(
                "/admin/declarations/annotation/add/",
                {
                    "paragraph": Paragraph.objects.get(label="II.14").pk,
                    "kind": "context",
                    "status": "draft",
                    "body": "x",
                },
            )
        self.assertContains(response, "Temporarily unavailable", status_code=503)


class LoginThrottleTests(TestCase):
    def setUp(self):
        from django.core.cache import cache, caches

        cache.clear()
        caches["logins"].clear()
        self.user = make_user("curator", curator=True)

    def attempt(self, password, address="10.0.0.1", username="curator"):
        return self.client.post(
            "/admin/login/",
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def test_repeated_failures_lock_the_address_and_the_account(self):
        for _ in range(settings.LOGIN_FAILURE_LIMIT):
            self.assertEqual(self.attempt("wrong").status_code, 200)
        blocked = self.attempt("a-long-test-password-1")
        self.assertContains(blocked, "Too many failed logins", status_code=429)
        # The account stays locked from another address too.
        elsewhere = self.attempt("a-long-test-password-1", address="10.0.0.2")
        self.assertEqual(elsewhere.status_code, 429)

    def test_a_success_clears_the_count(self):
        for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
            self.attempt("wrong")
        self.assertEqual(self.attempt("a-long-test-password-1").status_code, 302)
        self.client.logout()
        self.assertEqual(self.attempt("wrong").status_code, 200)

    def test_strong_passwords_and_expiring_sessions(self):
        from django.contrib.auth.password_validation import validate_password
        from django.core.exceptions import ValidationError

        for weak in ["password123", "short", "12345678901234"]:
            with self.assertRaises(ValidationError):
                validate_password(weak)
        self.assertLessEqual(settings.SESSION_COOKIE_AGE, 12 * 60 * 60)
        self.assertTrue(settings.SESSION_COOKIE_HTTPONLY)
