"""Scale tests: two app servers behind nginx, PostgreSQL and Redis, for real.

Run by `make test-scale` (SCO_SCALE=1); skipped otherwise, so that the
ordinary suite needs none of these servers. One topology serves the whole
session and is stopped and removed at its end, failures included; a SIGTERM
(CI's time limit) unwinds through the same teardown.
"""

import http.client
import os
import re
import signal
import time
import urllib.parse
from dataclasses import dataclass, field

import pytest

from tests.scale.topology import CURATOR, Topology

DOC = "/declarations/tianjin-2025/"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SCO_SCALE"):
        return
    for item in items:
        if "tests/scale/" in item.nodeid:
            item.add_marker(pytest.mark.skip(reason="run by `make test-scale`"))


def unwind(signum, frame):
    raise SystemExit(128 + signum)


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str
    seconds: float

    @property
    def upstream(self):
        """Return the app server that answered: the last of nginx's
        X-Upstream, which lists every server tried, in order."""
        return self.headers.get("X-Upstream", "").split(",")[-1].strip()


def request(base, method, path, headers=None, body=None, timeout=15):
    """Send one request on a new connection; return the Response."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(
        address.hostname, address.port, timeout=timeout
    )
    start = time.monotonic()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
    finally:
        connection.close()
    return Response(
        response.status, response.headers, content, time.monotonic() - start
    )


def get(base, path, **headers):
    return request(base, "GET", path, headers)


@dataclass
class Curator:
    """A curator's browser session, through nginx: cookies and CSRF token."""

    base: str
    cookies: dict = field(default_factory=dict)

    def keep_cookies(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def send(self, method, path, data=None):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        response = request(self.base, method, path, headers, body)
        self.keep_cookies(response)
        return response

    def get(self, path):
        return self.send("GET", path)

    def post(self, path, data):
        return self.send("POST", path, data)

    def log_in(self):
        self.get("/admin/login/")
        name, password = CURATOR
        response = self.post(
            "/admin/login/",
            {"username": name, "password": password, "next": "/admin/"},
        )
        assert response.status == 302, (response.status, response.body[:500])
        assert "sessionid" in self.cookies
        return self


def upstreams_of(responses):
    return {response.upstream for response in responses}


@pytest.fixture(scope="session")
def topology():
    # CI stops an overrunning job with SIGTERM: unwind so teardown runs.
    previous = signal.signal(signal.SIGTERM, unwind)
    started = Topology(app_servers=2, workers=2)
    try:
        started.start()
        yield started
    finally:
        started.stop()
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture
def curator(topology):
    return Curator(topology.url).log_in()


@pytest.fixture
def sql(topology):
    """Run one SQL query against the topology's database (for test set-up
    and look-ups only; every change under test goes through nginx)."""
    import psycopg

    def run(query, *params):
        with psycopg.connect(topology.database_url, autocommit=True) as connection:
            return connection.execute(query, params).fetchall()

    return run


def count_lines(path, pattern):
    return len(re.findall(pattern, path.read_text(errors="replace"), re.MULTILINE))
