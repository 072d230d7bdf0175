"""5. Redis stopped: pages still come, from the database, with one log line
per cache failure and no 500; Redis back: caching resumes. PostgreSQL
stopped: a styled 503; back: pages again, without restarting anything."""

import time

import pytest
import redis

from tests.scale.conftest import DOC, count_lines, get, upstreams_of

pytestmark = pytest.mark.scale

WARNING = r"^cache unavailable, \w+ treated as a miss: "
PAGES = [DOC + "ii/", DOC + "iii/", DOC + "ii/14/", "/themes/"]
# Those that show paragraphs, whose stored fragments are in Redis too.
WITH_PARAGRAPHS = [DOC + "ii/", DOC + "iii/", DOC + "ii/14/"]


def cache_warnings(topology):
    return sum(count_lines(topology.app_log(i), WARNING) for i in range(topology.count))


def tracebacks(topology):
    return sum(
        count_lines(topology.app_log(i), r"^Traceback") for i in range(topology.count)
    )


def test_without_redis_pages_come_from_the_database_and_caching_resumes(topology):
    warm = [get(topology.url, path) for path in PAGES]
    assert all(r.status == 200 for r in warm)
    warnings_before, tracebacks_before = cache_warnings(topology), tracebacks(topology)
    topology.stop_redis()
    try:
        down = [get(topology.url, path) for path in PAGES for _ in range(2)]
    finally:
        topology.start_redis()
    assert [r.status for r in down] == [200] * len(down)
    assert len(upstreams_of(down)) == 2
    for response, original in zip(down[::2], warm, strict=True):
        assert response.headers["ETag"] == original.headers["ETag"]
        assert response.body == original.body
    # Each request misses once (get) and fails to store once (set), for the
    # page and, where it shows paragraphs, for their fragments (one batch):
    # one line each, no traceback.
    new_warnings = cache_warnings(topology) - warnings_before
    fragment_batches = 2 * len(WITH_PARAGRAPHS)  # each page asked twice
    assert new_warnings == 2 * len(down) + 2 * fragment_batches, new_warnings
    assert tracebacks(topology) == tracebacks_before
    # Redis is back, empty: the next requests fill it again.
    client = redis.Redis.from_url(topology.redis_url)
    assert client.dbsize() == 0
    again = [get(topology.url, DOC) for _ in range(3)]
    assert all(r.status == 200 for r in again)
    assert any(b"reading-page" in key for key in client.keys("*"))
    assert cache_warnings(topology) - warnings_before == new_warnings
    print(
        f"\nredis down: {len(down)} pages, median "
        f"{sorted(r.seconds for r in down)[len(down) // 2] * 1000:.0f} ms, "
        f"{new_warnings} warning lines; up again: "
        f"{sorted(r.seconds for r in again)[1] * 1000:.0f} ms"
    )


def test_without_postgresql_a_styled_503_then_recovery_without_restart(topology):
    pids = {i: p.pid for i, p in topology.apps.items()}
    topology.stop_postgres()
    try:
        down = [get(topology.url, path) for path in [DOC, DOC, "/themes/", "/themes/"]]
    finally:
        topology.start_postgres()
    assert [r.status for r in down] == [503] * 4
    assert len(upstreams_of(down)) == 2
    for response in down:
        assert "Temporarily unavailable" in response.body
        assert "<link" in response.body  # styled: the site's stylesheet
        assert response.headers["Retry-After"] == "30"
    recovered = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        response = get(topology.url, DOC)
        recovered.append(response)
        if len(recovered) >= 4 and all(r.status == 200 for r in recovered[-4:]):
            break
        time.sleep(0.25)
    assert [r.status for r in recovered[-4:]] == [200] * 4
    assert len(upstreams_of(recovered[-4:])) == 2
    assert {i: p.pid for i, p in topology.apps.items()} == pids
    print(f"\npostgres back: {len(recovered)} requests to recover")
