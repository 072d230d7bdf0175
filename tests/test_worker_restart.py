"""A killed gunicorn worker is replaced while requests keep being answered."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid):
    output = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True
    ).stdout
    return {int(line) for line in output.split()}


@pytest.fixture
def server(tmp_path):
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "fault-test-secret-key-0123456789-0123456789-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_MANIFEST_STATIC": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    for command in (["migrate", "-v0"], ["load_corpus"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )
    port = free_port()
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "sco_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(children(process.pid)) < 2:
        time.sleep(0.2)
    yield process, url
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status


def test_a_killed_worker_is_replaced_while_requests_are_answered(server):
    process, url = server
    page = url + "/declarations/tianjin-2025/ii/14/"
    assert fetch(page) == 200
    workers = children(process.pid)
    assert len(workers) == 2
    victim = sorted(workers)[0]
    os.kill(victim, signal.SIGKILL)
    statuses = []
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        statuses.append(fetch(page))
        now = children(process.pid)
        if victim not in now and len(now) == 2 and len(statuses) >= 20:
            break
        time.sleep(0.05)
    assert set(statuses) == {200}
    replaced = children(process.pid)
    assert victim not in replaced
    assert len(replaced) == 2
