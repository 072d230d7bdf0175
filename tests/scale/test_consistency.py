"""2. Both app servers answer a page with the same ETag, and each answers
the other's ETag with a 304. 3. Failed logins are counted once for the whole
site, whichever server took them. And the proxy headers are trusted from
nginx only."""

import uuid

import pytest
import redis

from tests.scale.conftest import DOC, get, request, upstreams_of

pytestmark = pytest.mark.scale

PAGES = [DOC, DOC + "ii/", DOC + "ii/14/", "/themes/", DOC + "?q=cooperation"]


def test_both_servers_give_a_page_the_same_etag_and_honour_each_others(topology):
    for path in PAGES:
        direct = [get(url, path) for url in topology.app_urls]
        proxied = [get(topology.url, path) for _ in range(2)]
        etags = {response.headers["ETag"] for response in direct + proxied}
        assert len(etags) == 1, (path, etags)
        assert upstreams_of(proxied) == {
            u.removeprefix("http://") for u in topology.app_urls
        }
        etag = etags.pop()
        revalidated = [
            get(topology.url, path, **{"If-None-Match": etag}) for _ in range(2)
        ]
        assert [r.status for r in revalidated] == [304, 304]
        assert len(upstreams_of(revalidated)) == 2
        assert all(r.headers["ETag"] == etag for r in revalidated)


def test_failed_logins_are_counted_across_both_servers(topology):
    limit = 5  # DJANGO_LOGIN_FAILURE_LIMIT's default
    cookies = {}
    page = get(topology.url, "/admin/login/")
    for header in page.headers.get_all("Set-Cookie"):
        name, _, rest = header.partition("=")
        cookies[name] = rest.split(";", 1)[0]

    def attempt(username, **headers):
        body = (
            f"csrfmiddlewaretoken={cookies['csrftoken']}&username={username}"
            "&password=wrong-password-for-the-scale-test&next=/admin/"
        )
        return request(
            topology.url,
            "POST",
            "/admin/login/",
            {
                "Cookie": f"csrftoken={cookies['csrftoken']}",
                "Content-Type": "application/x-www-form-urlencoded",
                **headers,
            },
            body,
        )

    name = f"nobody-{uuid.uuid4().hex[:8]}"
    try:
        failures = [attempt(name) for _ in range(limit)]
        assert [r.status for r in failures] == [200] * limit
        assert len(upstreams_of(failures)) == 2
        blocked = [attempt(name) for _ in range(2)]
        assert [r.status for r in blocked] == [429, 429]
        assert len(upstreams_of(blocked)) == 2
        # The address is counted too, as nginx reports it: another account
        # from the same client is refused, even claiming another address.
        other = [
            attempt(f"other-{uuid.uuid4().hex[:8]}", **{"X-Real-IP": "203.0.113.7"})
            for _ in range(2)
        ]
        assert [r.status for r in other] == [429, 429]
    finally:
        # Leave the curator's address unthrottled for the other tests.
        client = redis.Redis.from_url(topology.redis_url)
        for key in client.scan_iter("*login-failures*", count=1000):
            client.delete(key)


def test_the_forwarded_scheme_is_trusted_from_nginx_only(topology):
    # nginx overwrites a client's X-Forwarded-Proto with the real scheme
    # (http here): no HSTS for a plain-HTTP request however it is dressed.
    forged = [
        get(topology.url, "/", **{"X-Forwarded-Proto": "https"}) for _ in range(2)
    ]
    assert all("Strict-Transport-Security" not in r.headers for r in forged)
    # The app servers trust the header because only nginx reaches them.
    for url in topology.app_urls:
        behind = get(url, "/", **{"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" in behind.headers


def test_a_curator_session_works_on_both_servers(curator):
    # Sessions are rows in PostgreSQL: logged in through one app server, the
    # curator is logged in on the other.
    pages = [curator.get("/admin/") for _ in range(4)]
    assert [r.status for r in pages] == [200] * 4
    assert len(upstreams_of(pages)) == 2
    assert all("Curation" in r.body for r in pages)
    # And their pages are private, never from the shared page cache.
    private = [curator.get(DOC + "ii/14/") for _ in range(2)]
    assert all(r.headers["Cache-Control"] == "private, no-cache" for r in private)
