"""Start the several-host topology on 127.0.0.1, throw-away, and control it.

PostgreSQL 15, Redis 7, N gunicorn app servers and nginx in front, each with
its data, sockets and logs under one `mktemp -d` folder that stop() removes.
The app servers are started with the ExecStart and Environment lines of
deploy/systemd/sco-reader@.service, and nginx runs
deploy/nginx/sco-reader.conf with its placeholders filled: the deployment
files themselves, not copies. Used by the scale tests (tests/scale/conftest.py)
and by `make bench` (tests/perf/bench.py).

Every wait is bounded; every process started here is stopped by its own pid.
"""

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "systemd" / "sco-reader@.service"
NGINX_SITE = ROOT / "deploy" / "nginx" / "sco-reader.conf"
PORTS = range(18100, 18200)
CURATOR = ("scale-curator", "scale-curator-password-0123456789")

# The main nginx configuration around the site file, for an unprivileged
# throw-away instance (the packaged /etc/nginx/nginx.conf plays this part in
# production). X-Upstream tells the tests which app server answered.
NGINX_MAIN = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    add_header X-Upstream $upstream_addr always;
    include {dir}/sco-reader.conf;
}}
"""

CREATE_CURATOR = """
from django.contrib.auth.models import Group, User
user, _ = User.objects.get_or_create(username={name!r}, defaults={{"is_staff": True}})
user.set_password({password!r})
user.is_staff = True
user.save()
user.groups.add(Group.objects.get(name="Curators"))
"""


def postgres_bin():
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name
    )
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run `make scale-deps`")
    return found[-1]


def free_ports(count):
    """Return `count` ports of 18100-18199 that nothing listens on now."""
    ports = []
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    raise RuntimeError("no free ports in 18100-18199")


def wait_for(check, seconds, what):
    """Call check() until it returns true, for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready after {seconds} s")


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False


def fill(template, values):
    """Replace ${NAME} for the given names only, as `envsubst 'NAMES'` does."""
    return re.sub(
        r"\$\{(\w+)\}",
        lambda match: values.get(match.group(1), match.group(0)),
        template,
    )


def unit_command():
    """Return (argv template, environment) from the systemd unit: ExecStart
    with the checkout in place of WorkingDirectory, and the Environment lines."""
    directory, command, environment = None, None, {}
    for line in UNIT.read_text().splitlines():
        key, _, value = line.partition("=")
        if key == "WorkingDirectory":
            directory = value
        elif key == "ExecStart":
            command = value
        elif key == "Environment":
            name, _, setting = value.partition("=")
            environment[name] = setting
    argv = [part.replace(directory, str(ROOT)) for part in shlex.split(command)]
    return argv, environment


class Topology:
    """PostgreSQL, Redis, app servers and nginx on 127.0.0.1."""

    def __init__(self, app_servers=2, workers=2, access_log=False):
        assert app_servers in (1, 2), "the nginx file names two app servers"
        self.count = app_servers
        self.workers = workers
        self.access_log = access_log
        self.dir = None
        self.apps = {}
        self.nginx = None
        self.as_postgres = []

    # -- the whole topology -------------------------------------------------

    def start(self):
        self.dir = Path(tempfile.mkdtemp(prefix="sco-scale."))
        # The postgres user and nginx's workers must reach their folders.
        self.dir.chmod(0o755)
        ports = free_ports(3 + self.count)
        self.pg_port, self.redis_port, self.port = ports[:3]
        self.app_ports = ports[3:]
        self.url = f"http://127.0.0.1:{self.port}"
        self.app_urls = [f"http://127.0.0.1:{port}" for port in self.app_ports]
        self.database_url = f"postgres://postgres@127.0.0.1:{self.pg_port}/sco"
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        try:
            self.init_postgres()
            self.start_redis()
            self.prepare()
            for index in range(self.count):
                self.start_app(index)
            self.start_nginx()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        """Stop everything started here, whatever state it is in, and remove
        the folder."""
        if self.dir is None:
            return
        for index in list(self.apps):
            self.stop_app(index)
        if self.nginx is not None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
                self.nginx.wait(timeout=10)
            self.nginx = None
        self.stop_redis()
        self.stop_postgres()
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir = None

    def environment(self):
        """Return the app servers' environment: the unit's, then this host's."""
        base = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CACHE_"))
        }
        return {
            **base,
            **unit_command()[1],
            "DJANGO_SECRET_KEY": "scale-test-secret-key-not-for-production-0123456789",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SITE_URL": self.url,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "WEB_CONCURRENCY": str(self.workers),
        }

    def manage(self, *args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environment(),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=300,
        )

    def prepare(self):
        self.manage("migrate", "--noinput")
        self.manage("load_corpus")
        self.manage("collectstatic", "--noinput", "-v0")
        name, password = CURATOR
        self.manage(
            "shell", "-v0", "-c", CREATE_CURATOR.format(name=name, password=password)
        )

    # -- PostgreSQL ---------------------------------------------------------

    def init_postgres(self):
        self.pg_dir = self.dir / "postgres"
        self.pg_dir.mkdir()
        # PostgreSQL refuses to run as root: as root, run it as postgres.
        if os.getuid() == 0:
            shutil.chown(self.pg_dir, "postgres")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [
                *self.as_postgres,
                str(postgres_bin() / "initdb"),
                "-D",
                str(self.pg_dir / "data"),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        self.start_postgres()
        subprocess.run(
            [
                str(postgres_bin() / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.pg_port),
                "-U",
                "postgres",
                "sco",
            ],
            check=True,
            timeout=60,
        )

    def pg_ctl(self, *args):
        return subprocess.run(
            [
                *self.as_postgres,
                str(postgres_bin() / "pg_ctl"),
                "-D",
                str(self.pg_dir / "data"),
                *args,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )

    def postgres_running(self):
        return self.pg_ctl("status").returncode == 0

    def start_postgres(self):
        if self.postgres_running():
            return
        options = (
            f"-p {self.pg_port} -c listen_addresses=127.0.0.1 -k {self.pg_dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        result = self.pg_ctl(
            "-l", str(self.pg_dir / "server.log"), "-w", "-o", options, "start"
        )
        if result.returncode != 0:
            raise RuntimeError("PostgreSQL did not start")

    def stop_postgres(self):
        if getattr(self, "pg_dir", None) and self.postgres_running():
            self.pg_ctl("-m", "fast", "-w", "stop")

    # -- Redis --------------------------------------------------------------

    def start_redis(self):
        self.redis_dir = self.dir / "redis"
        self.redis_dir.mkdir(exist_ok=True)
        subprocess.run(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--daemonize",
                "yes",
                "--dir",
                str(self.redis_dir),
                "--save",
                "",
                "--appendonly",
                "no",
                "--pidfile",
                str(self.redis_dir / "redis.pid"),
                "--logfile",
                str(self.redis_dir / "redis.log"),
            ],
            check=True,
            timeout=30,
        )
        wait_for(self.redis_answers, 10, "Redis")

    def redis_answers(self):
        with socket.create_connection(("127.0.0.1", self.redis_port), 1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    def stop_redis(self):
        pidfile = getattr(self, "redis_dir", None) and self.redis_dir / "redis.pid"
        if not pidfile or not pidfile.exists():
            return
        pid = int(pidfile.read_text())
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.1)
        if Path(f"/proc/{pid}").exists():
            os.kill(pid, signal.SIGKILL)
        pidfile.unlink(missing_ok=True)

    # -- app servers --------------------------------------------------------

    def app_log(self, index):
        return self.dir / f"app-{index + 1}.log"

    def start_app(self, index):
        port = self.app_ports[index]
        argv = [part.replace("%i", str(port)) for part in unit_command()[0]]
        with open(self.app_log(index), "ab") as log:
            self.apps[index] = subprocess.Popen(
                argv,
                cwd=ROOT,
                env=self.environment(),
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        wait_for(lambda: answers(self.app_urls[index] + "/"), 60, f"app {index + 1}")

    def kill_app(self, index):
        """Kill an app server and its workers at once, as a crash would."""
        process = self.apps.pop(index)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_app(self, index):
        process = self.apps.pop(index, None)
        if process is None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=25)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass

    # -- nginx --------------------------------------------------------------

    def start_nginx(self):
        directory = self.dir / "nginx"
        directory.mkdir()
        values = {
            "SCO_LISTEN": f"127.0.0.1:{self.port}",
            "SCO_SERVER_NAME": "127.0.0.1",
            "SCO_ACCESS_LOG": str(directory / "access.log")
            if self.access_log
            else "off",
        }
        # One app server (for `make bench`) fills both upstream lines.
        values["SCO_APP_1"] = f"127.0.0.1:{self.app_ports[0]}"
        values["SCO_APP_2"] = f"127.0.0.1:{self.app_ports[-1]}"
        site = NGINX_SITE.read_text()
        (directory / "sco-reader.conf").write_text(fill(site, values))
        (directory / "nginx.conf").write_text(NGINX_MAIN.format(dir=directory))
        with open(directory / "stderr.log", "ab") as log:
            self.nginx = subprocess.Popen(
                ["nginx", "-c", str(directory / "nginx.conf"), "-p", str(directory)],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        wait_for(lambda: answers(self.url + "/"), 20, "nginx")


if __name__ == "__main__":
    # Start the topology for a look by hand; Ctrl-C stops and removes it.
    topology = Topology().start()
    print(f"nginx on {topology.url}, app servers {topology.app_urls}", flush=True)
    try:
        time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        topology.stop()
