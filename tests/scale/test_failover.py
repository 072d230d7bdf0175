"""4. An app server killed under load loses no GET that nginx can retry (it
resends it to the other one), the site keeps answering, and the restarted
server is back in rotation.

What nginx cannot retry is a response it had begun to pass on when the
server died: the client already has its status line. A sync worker answers
one request at a time, so at most one per worker of the killed server; nginx
logs each as an error "while reading upstream" (a retried one is logged
"while connecting to" or "while reading response header from upstream").
The test requires every failed request to be one of those."""

import re
import subprocess
import time

import pytest

from tests.scale.conftest import DOC, count_lines, get, upstreams_of

pytestmark = pytest.mark.scale

SECONDS, CONNECTIONS = 30, 32
KILL_AT, RESTART_AT = 8, 16


def test_killing_an_app_server_under_load_loses_no_request(topology, record_property):
    victim = 0
    nginx_log = topology.dir / "nginx" / "error.log"
    cut_before = count_lines(nginx_log, r"while reading upstream,")
    address = topology.app_urls[victim].removeprefix("http://")
    load = subprocess.Popen(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout",
            "10s",
            "--latency",
            topology.url + DOC,
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(KILL_AT)
        topology.kill_app(victim)
        during = [get(topology.url, DOC) for _ in range(4)]
        time.sleep(max(0, RESTART_AT - KILL_AT - 1))
        topology.start_app(victim)
        output, _ = load.communicate(timeout=SECONDS + 60)
    finally:
        if load.poll() is None:
            load.kill()
            load.wait(timeout=10)
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    socket_errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    p99 = re.search(r"\s99%\s+(\S+)", output).group(1)
    failed = socket_errors + (int(non_2xx.group(1)) if non_2xx else 0)
    cut = count_lines(nginx_log, r"while reading upstream,") - cut_before
    record_property("requests", requests)
    record_property("p99", p99)
    print(
        f"\nfailover: {requests} requests, p99 {p99}, {failed} failed, "
        f"{cut} responses cut off mid-way by the kill"
    )
    assert requests > 0
    assert failed <= cut <= topology.workers, output
    assert [r.status for r in during] == [200] * 4
    assert upstreams_of(during) == {topology.app_urls[1].removeprefix("http://")}
    back = [get(topology.url, DOC) for _ in range(6)]
    assert address in upstreams_of(back)
    assert all(r.status == 200 for r in back)
