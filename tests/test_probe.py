"""The outside security probe's cases (docs/SECURITY.md), each reproduced.
Every test here failed on the code the probe found them in."""

import gzip

from django.conf import settings
from django.core.cache import cache
from django.test import TestCase

from tests.test_corpus import load_real_corpus

PERMALINK = "/declarations/tianjin-2025/ii/14/"
DOCUMENT = "/declarations/tianjin-2025/"


def cached_entries():
    # The local-memory cache's own table: how many pages it holds.
    return len(cache._cache)


class CachePoisoningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_real_corpus()

    def test_a_forged_host_and_scheme_never_reach_a_cached_page(self):
        forged = self.client.get(
            PERMALINK, HTTP_HOST="127.0.0.1:6666", HTTP_X_FORWARDED_PROTO="https"
        )
        self.assertEqual(forged.status_code, 200)
        self.assertNotContains(forged, "6666")
        self.assertContains(forged, f"{settings.SITE_URL}{PERMALINK}")
        later = self.client.get(PERMALINK)
        self.assertNotContains(later, "6666")
        self.assertNotContains(later, "https://127.0.0.1")
        for url in [DOCUMENT, DOCUMENT + "ii/", PERMALINK + "?format=json"]:
            self.client.get(url, HTTP_HOST="127.0.0.1:6666")
            self.assertNotContains(self.client.get(url), "6666")

    def test_a_host_the_site_does_not_serve_gets_no_cached_page(self):
        self.assertEqual(self.client.get(PERMALINK).status_code, 200)
        response = self.client.get(PERMALINK, HTTP_HOST="evil.example")
        self.assertEqual(response.status_code, 400)

    def test_unknown_parameters_make_no_new_cache_entry(self):
        first = self.client.get(PERMALINK)
        entries = cached_entries()
        for n in range(20):
            response = self.client.get(PERMALINK, {f"probe{n}": "x", "utm_source": n})
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["ETag"], first["ETag"])
        self.assertEqual(cached_entries(), entries)

    def test_empty_and_reordered_parameters_are_the_same_page(self):
        plain = self.client.get(DOCUMENT, {"theme": ["energy", "finance"]})
        same = self.client.get(
            DOCUMENT + "?q=&section=&instrument=&theme=finance&theme=energy"
        )
        self.assertEqual(same["ETag"], plain["ETag"])
        self.assertNotContains(same, "q=&amp;")

    def test_gzip_refused_by_q_value_is_not_sent(self):
        self.client.get(PERMALINK)  # fill the cache
        refused = self.client.get(PERMALINK, HTTP_ACCEPT_ENCODING="gzip;q=0")
        self.assertNotIn("Content-Encoding", refused)
        self.assertIn(b"<!DOCTYPE html>", refused.content)
        accepted = self.client.get(PERMALINK, HTTP_ACCEPT_ENCODING="br, gzip;q=0.5")
        self.assertEqual(accepted["Content-Encoding"], "gzip")
        self.assertIn(b"<!DOCTYPE html>", gzip.decompress(accepted.content))
        anything = self.client.get(PERMALINK, HTTP_ACCEPT_ENCODING="*;q=1, gzip;q=0")
        self.assertNotIn("Content-Encoding", anything)
