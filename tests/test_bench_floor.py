"""Django's floor (tests/perf/bench_urls.py): served by the bench only."""

from django.test import TestCase, override_settings

from tests.perf.bench_urls import FLOOR_BODY, FLOOR_PATH


class FloorTests(TestCase):
    def test_the_site_does_not_serve_it(self):
        self.assertEqual(self.client.get(f"/{FLOOR_PATH}").status_code, 404)

    @override_settings(ROOT_URLCONF="tests.perf.bench_urls")
    def test_the_bench_serves_it_beside_the_site(self):
        # Its own query, and the corpus version the middleware reads.
        with self.assertNumQueries(2):
            response = self.client.get(f"/{FLOOR_PATH}")
        self.assertEqual(response.content, FLOOR_BODY.encode())
        self.assertEqual(self.client.get("/themes/").status_code, 200)
