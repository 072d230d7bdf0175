"""`make soak`: hold gunicorn under load for a minute and watch its workers.

Production settings on 127.0.0.1 only; wrk drives 64 concurrent connections
across the reading pages for 60 seconds (bounded in time), and the report
gives requests, socket errors, non-2xx/3xx and 5xx responses, and each
worker's resident memory before (after a warm-up) and after. The figures are
written into docs/SECURITY.md between the soak markers.
"""

import argparse
import datetime
import re
import subprocess
import sys
from pathlib import Path

from bench import DATABASE, ROOT, WORK, Server, machine, manage

PATHS = [
    "/",
    "/declarations/tianjin-2025/",
    "/declarations/tianjin-2025/?lang=en",
    "/declarations/tianjin-2025/?theme=energy&theme=finance&match=all",
    "/declarations/tianjin-2025/?q=cooperation",
    "/declarations/tianjin-2025/?q=%E4%BA%BA%E5%B7%A5%E6%99%BA%E8%83%BD",
    "/declarations/tianjin-2025/ii/",
    "/declarations/tianjin-2025/v/",
    "/declarations/tianjin-2025/ii/14/",
    "/declarations/tianjin-2025/preamble/1/",
    "/themes/",
    "/themes/artificial-intelligence/",
    "/instruments/",
    "/instruments/sco-charter/",
]
LUA = """
paths = {%s}
counter = 0
threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) server_errors = 0 end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
function response(status, headers, body)
  if status >= 500 then server_errors = server_errors + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("server_errors") end
  io.write(string.format("SERVER_ERRORS %%d\\n", total))
end
"""
WARM_UP_SECONDS = 10
START, END = "<!-- soak:start -->", "<!-- soak:end -->"


def drive(server, script, connections, seconds):
    """Run wrk with the rotating script; return its report."""
    return subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            server.url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout


def worker_memory(server):
    """Return {worker pid: resident kB}."""
    pids = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.process.pid)],
        capture_output=True,
        text=True,
    ).stdout.split()
    memory = {}
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        memory[int(pid)] = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return memory


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()

    WORK.mkdir(parents=True, exist_ok=True)
    DATABASE.unlink(missing_ok=True)
    manage("migrate", "--noinput")
    manage("load_corpus")
    manage("collectstatic", "--noinput")
    script = WORK / "soak.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in PATHS))

    server = Server(arguments.workers)
    try:
        # Warm up under the same load, so that every worker has filled its
        # page cache and the soak measures growth, not the first fill.
        drive(server, script, arguments.connections, WARM_UP_SECONDS)
        before = worker_memory(server)
        output = drive(server, script, arguments.connections, arguments.duration)
        after = worker_memory(server)
    finally:
        server.stop()

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    socket_errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    non_2xx = int(non_2xx.group(1)) if non_2xx else 0
    server_errors = int(re.search(r"SERVER_ERRORS (\d+)", output).group(1))
    p99 = re.search(r"\s99%\s+(\S+)", output).group(1)
    growth = max(
        (after[pid] - before[pid]) / before[pid] for pid in before if pid in after
    )
    verdict = (
        "met"
        if socket_errors == 0 and server_errors == 0 and growth < 0.10
        else "NOT met"
    )
    rows = "\n".join(
        f"| {pid} | {before[pid]:,} | {after.get(pid, 0):,} | "
        f"{(after.get(pid, 0) - before[pid]) / before[pid]:+.1%} |"
        for pid in sorted(before)
    )
    report = f"""{START}
Measured by `make soak` (`tests/perf/soak.py`) on {
        datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC; rewritten by each run.

- Machine: {machine()}
- Server: gunicorn, {arguments.workers} sync workers, production settings, SQLite.
- Load: `wrk -t2 -c{arguments.connections} -d{arguments.duration}s` on 127.0.0.1
  after a {WARM_UP_SECONDS}-second warm-up under the same load,
  rotating over {len(PATHS)} reading URLs (documents, sections, permalinks,
  filters, searches in English and Chinese, themes, instruments).

| requests | req/s | p99 latency | socket errors | non-2xx/3xx | 5xx |
|---:|---:|---:|---:|---:|---:|
| {requests:,} | {rate:.0f} | {p99} | {socket_errors} | {non_2xx} | {server_errors} |

| worker | memory before (kB) | after (kB) | growth |
|---:|---:|---:|---:|
{rows}

Target (zero errors, zero 5xx, worker memory growth under 10 %): **{verdict}**.
{END}"""
    security = ROOT / "docs" / "SECURITY.md"
    text = security.read_text(encoding="utf-8")
    text = re.sub(
        re.escape(START) + ".*?" + re.escape(END), lambda _: report, text, flags=re.S
    )
    security.write_text(text, encoding="utf-8")
    print(report)
    sys.exit(0 if verdict == "met" else 1)


if __name__ == "__main__":
    main()
