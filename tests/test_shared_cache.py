"""The settings for several app servers: the Redis cache that survives a
Redis outage, and the client address reported by the proxy."""

import logging

from django.test import RequestFactory, SimpleTestCase, override_settings

from sco_site.cache import ResilientRedisCache
from sco_site.proxy import client_address
from tests.test_security import PRODUCTION, manage

# Nothing listens on port 1 of the loopback: every call is refused at once.
UNREACHABLE = "redis://127.0.0.1:1/0"


class UnreachableRedisTests(SimpleTestCase):
    def setUp(self):
        self.cache = ResilientRedisCache(UNREACHABLE, {})

    def test_every_operation_is_a_miss_with_one_log_line(self):
        with self.assertLogs("sco_site.cache", logging.WARNING) as logs:
            self.assertIsNone(self.cache.get("page"))
            self.assertEqual(self.cache.get("page", "fallback"), "fallback")
            self.cache.set("page", b"body", 60)
            self.assertFalse(self.cache.add("count", 0, 60))
            self.assertEqual(self.cache.incr("count"), 1)
            self.assertFalse(self.cache.delete("page"))
            self.assertEqual(self.cache.get_many(["a", "b"]), {})
            self.cache.delete_many(["a", "b"])
        self.assertEqual(len(logs.records), 8)
        self.assertTrue(all("\n" not in record.getMessage() for record in logs.records))
        self.assertIn("get treated as a miss", logs.output[0])


class ClientAddressTests(SimpleTestCase):
    def request(self):
        return RequestFactory().get(
            "/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9"
        )

    @override_settings(BEHIND_PROXY=True)
    def test_behind_the_proxy_its_report_is_the_address(self):
        self.assertEqual(client_address(self.request()), "203.0.113.9")

    @override_settings(BEHIND_PROXY=False)
    def test_without_a_proxy_the_header_is_ignored(self):
        self.assertEqual(client_address(self.request()), "127.0.0.1")


SHOW = (
    "from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'], "
    "getattr(settings, 'SECURE_PROXY_SSL_HEADER', None), "
    "settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
)


def test_redis_url_or_cache_url_select_the_shared_cache():
    for name in ["REDIS_URL", "CACHE_URL"]:
        result = manage(
            "shell", "-v0", "-c", SHOW, env={**PRODUCTION, name: UNREACHABLE}
        )
        assert result.stdout.split()[0] == "sco_site.cache.ResilientRedisCache"
    result = manage("shell", "-v0", "-c", SHOW, env=PRODUCTION)
    assert result.stdout.split()[0].endswith("LocMemCache"), result.stderr


def test_the_proxy_header_is_trusted_only_behind_a_proxy():
    alone = manage("shell", "-v0", "-c", SHOW, env=PRODUCTION).stdout
    assert "HTTP_X_FORWARDED_PROTO" not in alone
    behind = manage(
        "shell", "-v0", "-c", SHOW, env={**PRODUCTION, "DJANGO_BEHIND_PROXY": "1"}
    )
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in behind.stdout
    assert behind.stdout.split()[-1] == "True"
