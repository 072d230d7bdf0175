"""`make bench`: measure the reading pages against a static file, in one run.

Starts the site under gunicorn with production settings on 127.0.0.1, drives
it with wrk (Debian's package), and writes docs/PERFORMANCE.md:

- requests per second and p50/p99 latency of each reading page, of a
  static file of the same size served by whitenoise (the practical ceiling)
  and of Django's floor (a minimal view on the same server: one query, a
  40 KB body; tests/perf/bench_urls.py, served only by the bench's settings,
  tests/perf/bench_settings.py), with each page's ratio to both;
- SQL queries per page (page cache empty, and warm) and HTML bytes, raw and
  gzip-compressed;
- the uncached path: the document page searched for a new query on every
  request (tests/perf/unique_search.lua) and a new search and filter
  combination on every request (tests/perf/new_filters.lua) against the
  same pages from the page cache; cold renders in process (page cache
  empty; paragraph fragments stored, and none stored) against the floor's,
  and where the uncached filtered page's time goes, by function;
- Lighthouse (npm lighthouse@12 driving Debian's chromium, mobile profile) on
  the document page and a permalink page;
- how page and search times grow from 1 to 300 documents (synthetic demo
  documents added to the real one);
- the proxied topology of docs/DEPLOYMENT.md (nginx in front of one, then
  two app servers, PostgreSQL, Redis; tests/scale/topology.py): the document
  page and an uncached search (`--proxied-only` runs just this part and
  prints it, without writing the report).

Every figure is measured by this script; nothing is typed in. The load
generator and the server share the machine's cores, so compare ratios taken
in one run, never absolute numbers across runs.
"""

import argparse
import datetime
import gzip
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORK = ROOT / "var" / "bench"
DATABASE = WORK / "bench.sqlite3"
VENV_BIN = Path(sys.executable).parent
LIGHTHOUSE = ROOT / "tests" / "perf" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
# Lighthouse's performance score varies from run to run on a shared machine:
# each page is measured this many times, and the median and lowest reported.
LIGHTHOUSE_RUNS = 3
LIGHTHOUSE_ATTEMPTS = 3
LIGHTHOUSE_CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
DOC = "/declarations/tianjin-2025/"
SEARCHED_DOC = DOC + "?q=AI"
FILTERED_DOC = DOC + "?theme=energy&theme=finance&q=cooperation"
PAGES = [
    ("Document (full, both languages)", DOC),
    ("Section II", DOC + "ii/"),
    ("Permalink II.14", DOC + "ii/14/"),
    ("Document, filtered and searched", FILTERED_DOC),
    ("Theme index", "/themes/"),
    ("Instrument page", "/instruments/sco-charter/"),
]
CEILING = "/static/bench/ceiling.html"
FLOOR = "/bench/floor/"
BENCH_SETTINGS = "tests.perf.bench_settings"
# The uncached path: the same searched page from the page cache, against a
# new search on every request (the Lua script varies the query).
SEARCHED_SAME = DOC + "?q=cooperation"
UNIQUE_SEARCH = ROOT / "tests" / "perf" / "unique_search.lua"
# A new search and filter combination of the document page on every request.
NEW_FILTERS = ROOT / "tests" / "perf" / "new_filters.lua"
GROWTH_SIZES = [1, 10, 100, 300]
SEARCH_TERMS = [
    ("cybercrime", "English, indexed"),
    ("人工智能", "Chinese, indexed"),
    ("安全", "Chinese, 2 characters, indexed"),
    ("AI", "English, 2 letters, indexed"),
]

ENVIRONMENT = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-not-for-production-use-0123456789",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": f"sqlite:///{DATABASE}",
}


def manage(*args):
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        check=True,
        env={**os.environ, **ENVIRONMENT},
        stdout=subprocess.DEVNULL,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with production settings, as `make run` starts it, no access log."""

    def __init__(self, workers):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "gunicorn"),
                "sco_site.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--no-control-socket",
            ],
            cwd=ROOT,
            # Its own origin is the public one: canonical and hreflang links
            # point where Lighthouse loaded the page.
            env={
                **os.environ,
                **ENVIRONMENT,
                "DJANGO_SITE_URL": self.url,
                "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS,
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def wrk(url, duration, connections, script=None):
    """Return (requests/s, p50 ms, p99 ms, non-2xx) for one URL."""
    extra = ["-s", str(script)] if script else []
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *extra, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)

    def percentile(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return (
        rate,
        percentile("50"),
        percentile("99"),
        int(non_2xx.group(1)) if non_2xx else 0,
    )


PROXIED_PAGES = [
    ("Document (full, both languages), page cache", DOC, False),
    ("Document, searched, uncached", DOC + "?q=cooperation", True),
]
# A session cookie takes a request past the page cache (logged-in readers
# may see drafts), so every request of the "uncached" row renders and searches.
UNCACHED_LUA = 'wrk.headers["Cookie"] = "sessionid=bench-uncached"\n'


def proxied_topology(arguments):
    """Return {app servers: {path: (req/s, p50, p99, non-2xx)}} through nginx,
    for one and for two app servers, each with `--workers` workers."""
    sys.path.insert(0, str(ROOT))
    from tests.scale.topology import Topology

    script = WORK / "uncached.lua"
    script.write_text(UNCACHED_LUA)
    results = {}
    for count in (1, 2):
        topology = Topology(app_servers=count, workers=arguments.workers).start()
        try:
            results[count] = {}
            for _, path, uncached in PROXIED_PAGES:
                url = topology.url + path
                for _ in range(2 * count):  # every app server has the page
                    urllib.request.urlopen(url).read()
                results[count][path] = wrk(
                    url,
                    arguments.duration,
                    arguments.connections,
                    script=script if uncached else None,
                )
                print(
                    f"  {count} app server(s) {path}: "
                    f"{results[count][path][0]:.0f} req/s",
                    flush=True,
                )
        finally:
            topology.stop()
    return results


def proxied_lines(arguments, proxied):
    lines = [
        "",
        "## Several app servers behind nginx",
        "",
        "The topology of [DEPLOYMENT.md](DEPLOYMENT.md), on this one machine: nginx "
        "(`deploy/nginx/sco-reader.conf`) in front of one, then two gunicorn app "
        f"servers of {arguments.workers} sync workers each "
        "(`deploy/systemd/sco-reader@.service`), PostgreSQL 15, the page cache in "
        "Redis 7 (`tests/scale/topology.py`). Same wrk load as above, through "
        "nginx. *Uncached* requests carry a session cookie, so each one renders "
        "the page and runs the search. Every process shares the same cores: a "
        "second app server adds workers, not CPU, so the ratio shows what more "
        "workers overlapping their waits on PostgreSQL and Redis give on one "
        "machine, not the gain of a second host.",
        "",
        "| page | 1 app server: req/s | p99 ms | 2 app servers: req/s | p99 ms "
        "| ratio 2 / 1 |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, path, _ in PROXIED_PAGES:
        one, two = proxied[1][path], proxied[2][path]
        lines.append(
            f"| {name} (`{path}`) | {one[0]:.0f} | {one[2]:.2f} | {two[0]:.0f} | "
            f"{two[2]:.2f} | {two[0] / one[0]:.2f} |"
        )
    errors = sum(r[3] for rows in proxied.values() for r in rows.values())
    lines += ["", f"Non-2xx responses through nginx: {errors}."]
    return lines


def setup_django():
    os.environ.update(ENVIRONMENT)
    os.environ["DJANGO_SETTINGS_MODULE"] = BENCH_SETTINGS
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def page_facts(path):
    """Return (queries with the page cache empty, queries warm, bytes, gzip
    bytes). Counted after a first request, as most requests find them: the
    corpus version's structures built and the paragraphs' fragments stored."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        body = client.get(path).content
    with CaptureQueriesContext(connection) as warm:
        client.get(path)
    return len(cold), len(warm), len(body), len(gzip.compress(body))


def static_assets():
    """Return [(URL, bytes, gzip bytes)] of the stylesheet and script pages load."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    assets = []
    for name in ["declarations/reader.css", "declarations/reader.js"]:
        path = Path(staticfiles_storage.path(staticfiles_storage.stored_name(name)))
        body = path.read_bytes()
        assets.append(
            (staticfiles_storage.url(name), len(body), len(gzip.compress(body)))
        )
    return assets


def header(url, name):
    return urllib.request.urlopen(url).headers.get(name, "")


def timed(function, repeat):
    """Return the median CPU time of a call in this process, in milliseconds.
    CPU time, not wall time: on cores shared with other work a render is
    paused for others' turns, the longer the render the more often, and
    wall time would charge those pauses to it (the database is SQLite, in
    this process: its work is counted)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def render_times(path, repeat=9, fragments=True):
    """Return (cold, warm) median render times of a page, in process, in ms.
    Cold: the page cache empty, with the paragraphs' stored fragments
    (declarations/fragments.py), or with none stored (fragments=False: the
    first render after every paragraph changed)."""
    from django.core.cache import cache, caches
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)

    def cold():
        cache.clear()
        if not fragments:
            caches["fragments"].clear()
        client.get(path)

    return timed(cold, repeat), timed(lambda: client.get(path), repeat)


FRESH_PROCESS = """
import json, statistics, time
import django
django.setup()
from django.core.cache import cache
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
start = time.perf_counter()
client.get({path!r})
first = (time.perf_counter() - start) * 1000
times = []
for _ in range(9):
    cache.clear()
    start = time.perf_counter()
    client.get({path!r})
    times.append((time.perf_counter() - start) * 1000)
print(json.dumps([first, statistics.median(times)]))
"""


PROFILE_AREAS = [
    ("templates (Django's engine)", ("/django/template/",)),
    ("database (Django's ORM)", ("/django/db/",)),
    ("forms (Django's and declarations/widgets.py)", ("/django/forms/", "/widgets.py")),
    (
        "search and highlighting (declarations/search*.py, fragments.py)",
        ("/declarations/search", "/declarations/fragments.py", "snowballstemmer"),
    ),
    ("the rest of declarations/", ("/declarations/",)),
    ("the rest of Django", ("/django/",)),
]


def cold_profile(path, repeat=5):
    """Return [(area, share of the time)] of cold renders of a page (page
    cache empty, fragments stored) under cProfile: each function's own time,
    so the shares add up to the whole."""
    import cProfile
    import pstats

    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    profile = cProfile.Profile(time.process_time)
    for _ in range(repeat):
        cache.clear()
        profile.enable()
        client.get(path)
        profile.disable()
    shares = dict.fromkeys([area for area, _ in PROFILE_AREAS] + ["other"], 0.0)
    for (filename, _, _), (_, _, own, _, _) in pstats.Stats(profile).stats.items():
        area = next(
            (a for a, parts in PROFILE_AREAS if any(p in filename for p in parts)),
            "other",
        )
        shares[area] += own
    total = sum(shares.values())
    return [(area, own / total) for area, own in shares.items()]


def function_profile(path, repeat=20, top=15):
    """Return (ms per render under cProfile, [(function, own ms per render)])
    of cold renders of a page (page cache empty, fragments stored): the
    functions with the most own time, largest first."""
    import cProfile
    import pstats

    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    profile = cProfile.Profile(time.process_time)
    for _ in range(repeat):
        cache.clear()
        profile.enable()
        client.get(path)
        profile.disable()
    stats = pstats.Stats(profile).stats
    total = sum(own for (_, _, own, _, _) in stats.values())
    rows = sorted(
        ((own, key) for key, (_, _, own, _, _) in stats.items()), reverse=True
    )[:top]
    return total * 1000 / repeat, [
        (function_name(key), own * 1000 / repeat) for own, key in rows
    ]


def function_name(key):
    """Return a profiled function as 'django/template/base.py:876 _resolve_lookup'."""
    filename, line, name = key
    for marker in ("site-packages/", str(ROOT) + "/", "lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{line} {name}" if line else name


def fresh_process_render(path):
    """Return (ms for the first render in a new process, ms for a render in a
    warm process), both with the page cache empty."""
    output = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS.format(path=path)],
        cwd=ROOT,
        env={
            **os.environ,
            **ENVIRONMENT,
            "DJANGO_SETTINGS_MODULE": "sco_site.settings",
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def search_time(term, repeat=15):
    from declarations.models import Paragraph

    return timed(
        lambda: list(Paragraph.objects.search([term]).values_list("pk")), repeat
    )


def lighthouse(url):
    """Return {category: score} from a Lighthouse run, mobile profile.

    Now and then Chromium fails to start on this VM, and that attempt gives no
    scores at all, so it is retried, and the failure printed with its reason.
    """
    if not LIGHTHOUSE.exists():
        return None
    report = WORK / "lighthouse.json"
    for attempt in range(1, LIGHTHOUSE_ATTEMPTS + 1):
        run = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--chrome-flags=--headless=new --no-sandbox --disable-gpu "
                "--disable-background-networking --disable-component-update "
                "--disable-sync",
                "--only-categories=" + ",".join(LIGHTHOUSE_CATEGORIES),
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=180,
        )
        if run.returncode == 0:
            categories = json.loads(report.read_text())["categories"]
            return {
                name: round(value["score"] * 100) for name, value in categories.items()
            }
        reason = (run.stderr.strip().splitlines() or ["no message"])[-1]
        print(f"  lighthouse attempt {attempt} failed: {reason}", flush=True)
    raise RuntimeError(f"Lighthouse failed {LIGHTHOUSE_ATTEMPTS} times on {url}")


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split(":", 1)[1].strip()
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory} memory, "
        f"{platform.system()} {platform.release()}, Python "
        f"{platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    parser.add_argument(
        "--proxied-only",
        action="store_true",
        help="measure only the proxied topology and print its rows",
    )
    arguments = parser.parse_args()

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    if arguments.proxied_only:
        print("\n".join(proxied_lines(arguments, proxied_topology(arguments))))
        return
    started = datetime.datetime.now(datetime.UTC)
    print("preparing the database and static files…", flush=True)
    manage("migrate", "--noinput")
    manage("load_corpus")
    manage("collectstatic", "--noinput")
    setup_django()
    from django.conf import settings

    facts = {path: page_facts(path) for _, path in [("floor", FLOOR), *PAGES]}
    assets = static_assets()
    # The ceiling: a static file as large as the full document page.
    ceiling = Path(settings.STATIC_ROOT, "bench", "ceiling.html")
    ceiling.parent.mkdir(parents=True, exist_ok=True)
    ceiling.write_bytes(b"x" * facts[DOC][2])

    print("load test under gunicorn…", flush=True)
    server = Server(arguments.workers)
    try:
        load = {}
        for _, path in [("ceiling", CEILING), ("floor", FLOOR), *PAGES]:
            urllib.request.urlopen(server.url + path).read()  # warm the page cache
            load[path] = wrk(
                server.url + path, arguments.duration, arguments.connections
            )
            print(f"  {path}: {load[path][0]:.0f} req/s", flush=True)
        urllib.request.urlopen(server.url + SEARCHED_SAME).read()
        load[SEARCHED_SAME] = wrk(
            server.url + SEARCHED_SAME, arguments.duration, arguments.connections
        )
        load[UNIQUE_SEARCH] = wrk(
            server.url + DOC,
            arguments.duration,
            arguments.connections,
            script=UNIQUE_SEARCH,
        )
        print(
            f"  new search on every request: {load[UNIQUE_SEARCH][0]:.0f} req/s",
            flush=True,
        )
        load[NEW_FILTERS] = wrk(
            server.url + DOC,
            arguments.duration,
            arguments.connections,
            script=NEW_FILTERS,
        )
        print(
            f"  new search and filters on every request: "
            f"{load[NEW_FILTERS][0]:.0f} req/s",
            flush=True,
        )
        asset_caching = header(server.url + assets[0][0], "Cache-Control")
        print("lighthouse…", flush=True)
        scores = {
            path: [lighthouse(server.url + path) for _ in range(LIGHTHOUSE_RUNS)]
            for path in [DOC, DOC + "ii/14/"]
        }
    finally:
        server.stop()

    print("proxied topology: nginx, one then two app servers…", flush=True)
    proxied = proxied_topology(arguments)
    first_render, warm_render = fresh_process_render(DOC)
    profiles = {path: cold_profile(path) for path in (DOC, SEARCHED_SAME)}
    print("in-process renders against the floor…", flush=True)
    in_process = {
        "floor": render_times(FLOOR, repeat=41)[0],
        "filtered": render_times(FILTERED_DOC, repeat=41)[0],
        "document": render_times(DOC, repeat=21)[0],
        "profile": function_profile(FILTERED_DOC),
        "floor profile": function_profile(FLOOR)[0],
    }
    print("growth from 1 to 300 documents…", flush=True)
    from declarations.demo_corpus import generate_demo_corpus
    from declarations.models import Document, Paragraph

    growth = []
    for size in GROWTH_SIZES:
        missing = size - Document.objects.count()
        if missing > 0:
            generate_demo_corpus(missing)
        cold, warm = render_times(DOC)
        growth.append(
            {
                "documents": Document.objects.count(),
                "paragraphs": Paragraph.objects.count(),
                "cold": cold,
                "warm": warm,
                "unstored": render_times(DOC, fragments=False)[0],
                "section": render_times(DOC + "ii/")[0],
                "permalink": render_times(DOC + "ii/14/")[0],
                "themes": render_times("/themes/")[0],
                "searched": render_times(SEARCHED_DOC)[0],
                "search": [search_time(term) for term, _ in SEARCH_TERMS],
                "matches": [
                    Paragraph.objects.search([term]).count() for term, _ in SEARCH_TERMS
                ],
            }
        )
        print(f"  {size} documents done", flush=True)

    write_report(
        arguments,
        started,
        facts,
        load,
        scores,
        growth,
        assets,
        asset_caching,
        (first_render, warm_render),
        proxied,
        profiles,
        in_process,
    )
    print(f"wrote {arguments.output}")


def write_report(
    arguments,
    started,
    facts,
    load,
    scores,
    growth,
    assets,
    asset_caching,
    renders,
    proxied,
    profiles,
    in_process,
):
    ceiling_rate = load[CEILING][0]
    floor_rate = load[FLOOR][0]
    lines = [
        "# Performance",
        "",
        "Measured by `make bench` (`tests/perf/bench.py`); every figure below comes "
        "from "
        "one run of that script and is rewritten by the next. Compare ratios within "
        "this page, not absolute numbers across machines or runs: the load generator "
        "and the server share the same cores.",
        "",
        f"- Run: {started:%Y-%m-%d %H:%M} UTC, `{' '.join(sys.argv)}`",
        f"- Machine: {machine()}",
        f"- Server: gunicorn, {arguments.workers} sync workers, production settings "
        "(`DJANGO_DEBUG=0`), SQLite, local-memory cache; load from "
        f"`wrk -t2 -c{arguments.connections} -d{arguments.duration}s` on 127.0.0.1, "
        "pages warm (served from the page cache after one request).",
        "",
        "## Reading pages against the static-file ceiling and Django's floor",
        "",
        "*Django's floor* is a minimal Django view on the same gunicorn, settings, "
        "middleware and load: one query of its own (the table also counts the "
        "corpus version the site's middleware reads for every request) and a "
        "40 KB body, no template "
        "(`tests/perf/bench_urls.py`, served only under the bench's settings, "
        "`tests/perf/bench_settings.py`). Queries are counted after a page's "
        "first request, as most requests find it: the corpus version's "
        "structures built (`declarations/reading_index.py`), the paragraphs' "
        "fragments stored.",
        "",
        "| page | req/s | p50 ms | p99 ms | ratio to ceiling | ratio to floor "
        "| queries (page cache empty / warm) | HTML bytes | gzip bytes |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rate, p50, p99, _ = load[CEILING]
    lines.append(
        f"| static file of the document page's size (whitenoise) | {rate:.0f} | "
        f"{p50:.2f} | {p99:.2f} | 100 % | {rate / floor_rate:.0%} | – | "
        f"{facts[DOC][2]:,} | – |"
    )
    rate, p50, p99, _ = load[FLOOR]
    cold, warm, raw, packed = facts[FLOOR]
    lines.append(
        f"| Django's floor (`{FLOOR}`, bench only) | {rate:.0f} | {p50:.2f} | "
        f"{p99:.2f} | {rate / ceiling_rate:.0%} | 100 % | {cold} / {warm} | "
        f"{raw:,} | {packed:,} |"
    )
    for name, path in PAGES:
        rate, p50, p99, _ = load[path]
        cold, warm, raw, packed = facts[path]
        lines.append(
            f"| {name} (`{path}`) | {rate:.0f} | {p50:.2f} | {p99:.2f} | "
            f"{rate / ceiling_rate:.0%} | {rate / floor_rate:.0%} | {cold} / {warm} "
            f"| {raw:,} | {packed:,} |"
        )
    errors = sum(result[3] for result in load.values())
    lines += [
        "",
        f"Non-2xx responses during the load test: {errors}.",
        "",
        "## Static assets",
        "",
        "| file | bytes | gzip bytes |",
        "|---|---:|---:|",
        *[f"| `{url}` | {raw:,} | {packed:,} |" for url, raw, packed in assets],
        "",
        f"Together {sum(a[1] for a in assets) / 1024:.1f} KB raw, "
        f"{sum(a[2] for a in assets) / 1024:.1f} KB gzip (target < 20 KB), served "
        f"by whitenoise under hashed names with `Cache-Control: {asset_caching}`.",
        "",
        "## Lighthouse (mobile profile)",
        "",
        "| page | performance | accessibility | best practices | SEO |",
        "|---|---:|---:|---:|---:|",
    ]
    for path, runs in scores.items():
        if None in runs:
            lines.append(
                f"| `{path}` | not run: `npm ci --prefix tests/perf` first | | | |"
            )
            continue
        cells = []
        for category in LIGHTHOUSE_CATEGORIES:
            values = sorted(run[category] for run in runs)
            cell = f"{statistics.median(values):.0f}"
            if values[0] != values[-1]:
                cell += f" (lowest {values[0]})"
            cells.append(cell)
        lines.append(f"| `{path}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Each page measured {LIGHTHOUSE_RUNS} times: the median, and the lowest "
        "score where the runs differ.",
    ]
    cached, unique = load[SEARCHED_SAME], load[UNIQUE_SEARCH]
    cached_filtered, new_filters = load[FILTERED_DOC], load[NEW_FILTERS]
    lines += [
        "",
        "## When the page cache cannot help",
        "",
        "Researchers' searches are mostly unique, and so are crawlers' URLs. The "
        "document page searched for a common word, and searched and filtered, "
        "from the page cache, against the same page searched for a new query on "
        "every request (`tests/perf/unique_search.lua`: the word in a new mix of "
        "capitals each time, which the search ignores and the cache key does "
        "not) and with a new search and filter combination on every request "
        "(`tests/perf/new_filters.lua`: a real word of the declaration, a theme, "
        "a language and perhaps a section, no URL twice), same wrk load as above.",
        "",
        "| page | req/s | p50 ms | p99 ms | ratio to floor | non-2xx |",
        "|---|---:|---:|---:|---:|---:|",
        *[
            f"| {label} | {row[0]:.0f} | {row[1]:.2f} | {row[2]:.2f} | "
            f"{row[0] / floor_rate:.0%} | {row[3]} |"
            for label, row in [
                (f"`{SEARCHED_SAME}`, page cache", cached),
                (f"`{DOC}?q=…`, a new query every request", unique),
                (f"`{FILTERED_DOC}`, page cache", cached_filtered),
                (
                    f"`{DOC}?q=…&theme=…&lang=…&section=…`, a new combination "
                    "every request",
                    new_filters,
                ),
            ]
        ],
    ]
    lines += [
        "",
        "Where a cold render's time goes (cProfile over five renders, CPU time, "
        "page cache empty, fragments stored; each function's own time, so a "
        "column adds up to 100 %):",
        "",
        "| area | " + " | ".join(f"`{path}`" for path in profiles) + " |",
        "|---|" + "---:|" * len(profiles),
    ]
    for index, (area, _) in enumerate(next(iter(profiles.values()))):
        cells = [f"{shares[index][1]:.0%}" for shares in profiles.values()]
        lines.append(f"| {area} | " + " | ".join(cells) + " |")
    floor_ms, filtered_ms = in_process["floor"], in_process["filtered"]
    profiled_ms, functions = in_process["profile"]
    lines += [
        "",
        "In process (Django's test client, production settings, median CPU time "
        "of 41 renders, page cache empty, fragments and the corpus version's "
        f"structures built): Django's floor {floor_ms:.2f} ms, the uncached "
        f"filtered page (`{FILTERED_DOC}`) {filtered_ms:.2f} ms, "
        f"{filtered_ms / floor_ms:.1f}× the floor; the full document "
        f"{in_process['document']:.2f} ms.",
        "",
        "Where the uncached filtered page's time goes, by function (cProfile over "
        "20 renders, CPU time, each function's own time per render; under the "
        "profiler a "
        f"render takes {profiled_ms:.2f} ms, the floor "
        f"{in_process['floor profile']:.2f} ms):",
        "",
        "| function | own ms per render | share |",
        "|---|---:|---:|",
        *[
            f"| `{name}` | {own:.3f} | {own / profiled_ms:.1%} |"
            for name, own in functions
        ],
    ]
    lines += proxied_lines(arguments, proxied)
    lines += [
        "",
        "## Growth from 1 to 300 documents",
        "",
        "The real declaration plus synthetic demo documents (`generate_demo_corpus`), "
        "measured in process (median CPU time of repeated runs, ms). *Cold* is a "
        "render with "
        "the "
        "page cache empty; *warm* is a page-cache hit. *Searched* is the document "
        "page filtered by a two-letter term, the search a reader runs (the site "
        "searches within a document). The search columns time one term over the "
        "whole corpus, the heaviest case: every match, in reading order.",
        "",
        "Cold pages have the paragraphs' stored fragments (declarations/"
        "fragments.py); *no stored fragments* is the first render after every "
        "paragraph changed.",
        "",
        "| documents | paragraphs | document page cold | warm | document page, no "
        "stored fragments | section page cold | permalink cold "
        "| theme index cold | searched document page cold | "
        + " | ".join(f"search “{t}” ({d})" for t, d in SEARCH_TERMS)
        + " |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + "---:|" * len(SEARCH_TERMS),
    ]
    for row in growth:
        lines.append(
            f"| {row['documents']} | {row['paragraphs']:,} | {row['cold']:.1f} | "
            f"{row['warm']:.2f} | {row['unstored']:.1f} | {row['section']:.1f} | "
            f"{row['permalink']:.1f} | {row['themes']:.1f} | "
            f"{row['searched']:.1f} | "
            + " | ".join(f"{t:.1f}" for t in row["search"])
            + " |"
        )
    first, last = growth[0], growth[-1]
    lines += [
        "",
        "## Against the targets",
        "",
        f"- Full document page, warm: {load[DOC][0] / ceiling_rate:.0%} of the "
        "ceiling's "
        "requests per second (target ≥ 50 %).",
        f"- Cold render of the full document: the first request of a new process "
        f"takes {renders[0]:.1f} ms, a render in a warm process with the page cache "
        f"empty {renders[1]:.1f} ms: {renders[0] / renders[1]:.1f}× (target ≤ 5×). "
        f"Against a page-cache hit ({first['warm']:.2f} ms) a full render costs "
        f"{first['cold'] / first['warm']:.0f}×: that is what the page cache saves.",
        f"- Document page, a new search and filter combination on every request: "
        f"{new_filters[0] / cached_filtered[0]:.0%} of the cached filtered page's "
        f"throughput (target ≥ 25 %: "
        f"{verdict(new_filters[0] / cached_filtered[0] >= 0.25)}), "
        f"{new_filters[0] / floor_rate:.0%} of Django's floor.",
        f"- Uncached filtered page in process: {filtered_ms:.2f} ms (median; "
        f"target ≤ 4 ms: {verdict(filtered_ms <= 4)}), {filtered_ms / floor_ms:.1f}× "
        f"Django's floor ({floor_ms:.2f} ms).",
        f"- Document page searched for a new query on every request: "
        f"{unique[0] / cached[0]:.0%} of the same page's page-cache throughput "
        f"(target ≥ 25 %: {verdict(unique[0] / cached[0] >= 0.25)}), p99 "
        f"{unique[2]:.0f} ms at {arguments.connections} connections (target "
        f"< 100 ms: {verdict(unique[2] < 100)}).",
        f"- Cold renders in process, page cache empty: full document "
        f"{first['cold']:.1f} ms (target ≤ 20 ms: {verdict(first['cold'] <= 20)}), "
        f"section {first['section']:.1f} ms (≤ 8 ms: "
        f"{verdict(first['section'] <= 8)}), permalink {first['permalink']:.1f} ms "
        f"(≤ 5 ms: {verdict(first['permalink'] <= 5)}); with no stored fragments "
        f"the full document takes {first['unstored']:.1f} ms.",
        f"- Document page, gzip: {facts[DOC][3] / 1024:.1f} KB (target < 60 KB).",
        f"- Document page cold render with {first['documents']} and with "
        f"{last['documents']} documents: {first['cold']:.1f} ms and "
        f"{last['cold']:.1f} ms.",
        f"- Single-term search over {last['paragraphs']:,} paragraphs: "
        + ", ".join(
            f"“{term}” {time_:.1f} ms ({matches:,} paragraphs found)"
            for (term, _), time_, matches in zip(
                SEARCH_TERMS, last["search"], last["matches"], strict=True
            )
        )
        + " (target p50 < 50 ms).",
        *[
            f"- Lighthouse on `{path}`, lowest of {len(runs)} runs: "
            + ", ".join(
                f"{category} {min(run[category] for run in runs)}"
                for category in LIGHTHOUSE_CATEGORIES
            )
            + " (targets: performance ≥ 95, the others 100)."
            for path, runs in scores.items()
            if None not in runs
        ],
        "",
    ]
    lines += [
        "## Why the uncached targets can be missed",
        "",
        "A page-cache hit copies stored bytes. An uncached searched and filtered "
        "page reads the corpus version and runs the search, for ids (its two "
        "queries); what does not depend on the request (the contents, the "
        "paragraph rows, which paragraphs carry each theme, section, instrument "
        "and entity, the form's choice lists, the instruments' notes) is built "
        "once per corpus version in each process (declarations/reading_index.py), "
        "and the facet counts are intersections of those sets; so is the markup "
        "that does not depend on the request (the form's options, the contents, "
        "the head's links, the site's header and footer: declarations/widgets.py, "
        "declarations/page_parts.py), into which a request puts only its own "
        "values. What is left is the request's own work: building the search's "
        "query in Django's ORM, django-filter's and Django's form machinery (each "
        "request deep-copies the filters and the form's fields, and validates "
        "the query string), the template engine over what the request varies "
        "(the results summary and its links, the form's fields, the paragraphs "
        "shown with the search terms marked), compressing the page for the page "
        "cache, and Django's request and response path; the function table above "
        "(*Where the uncached filtered page's time goes*) names it, against the "
        "floor. Absolute times "
        "also depend on the "
        "machine's speed at the hour of the run: compare them within one report.",
        "",
    ]
    Path(arguments.output).write_text("\n".join(lines), encoding="utf-8")


def verdict(met):
    return "met" if met else "missed"


if __name__ == "__main__":
    main()
