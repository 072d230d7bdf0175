"""6. Slow clients wait in nginx, not in gunicorn: 200 connections sending
their headers a byte a second for 20 s leave the app servers' workers free,
and ordinary readers keep a p99 under 500 ms meanwhile."""

import asyncio
import threading
import time

import pytest

from tests.scale.conftest import DOC, get

pytestmark = pytest.mark.scale

SLOW_CLIENTS, SECONDS = 200, 20
P99_LIMIT = 0.5


async def slow_client(port, opened):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    opened.append(1)
    start = time.monotonic()
    header = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * SECONDS * 2
    try:
        for byte in header:
            if time.monotonic() - start >= SECONDS:
                break
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(1)
    except OSError:
        pass
    finally:
        writer.close()


async def slow_clients(port, opened):
    await asyncio.gather(*(slow_client(port, opened) for _ in range(SLOW_CLIENTS)))


def test_slow_clients_do_not_starve_the_app_servers(topology):
    opened = []
    attack = threading.Thread(
        target=asyncio.run, args=(slow_clients(topology.port, opened),)
    )
    attack.start()
    time.sleep(2)
    latencies, statuses = [], []
    deadline = time.monotonic() + SECONDS - 4
    while time.monotonic() < deadline:
        response = get(topology.url, DOC, **{"Accept-Encoding": "gzip"})
        latencies.append(response.seconds)
        statuses.append(response.status)
        time.sleep(0.05)
    attack.join(timeout=SECONDS + 30)
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(
        f"\nslow clients: {len(opened)} open; {len(latencies)} reads, "
        f"p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms"
    )
    assert len(opened) == SLOW_CLIENTS
    assert set(statuses) == {200}
    assert len(latencies) > 50
    assert p99 < P99_LIMIT
