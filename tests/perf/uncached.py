"""Measure only the uncached document page, as `make bench` does (bench.py).

The in-process figures of docs/PERFORMANCE.md's "When the page cache cannot
help" (median CPU time of renders with the page cache empty: Django's
floor, the uncached filtered page, the full document), the filtered page's
function profile and the cold renders' areas (bench.py's function_profile
and cold_profile), without the rest of
the bench; with --load also that section's wrk table (Django's floor, the
searched and the filtered page from the page cache, a new search and a new
search and filter combination on every request); with --combinations N
also new_filters.lua's first N requests timed in process. It reuses bench.py's
functions, database and settings, so its figures are the bench's, taken in
a shorter run; it prints them as markdown rows.
"""

import argparse
import re
import shutil
import statistics
import time
import urllib.request

from bench import (
    DOC,
    FILTERED_DOC,
    FLOOR,
    NEW_FILTERS,
    SEARCHED_SAME,
    UNIQUE_SEARCH,
    WORK,
    Server,
    cold_profile,
    function_profile,
    manage,
    render_times,
    setup_django,
    wrk,
)


def new_combinations(count, start=0):
    """Return the URLs new_filters.lua requests, its request numbers
    start + 2, start + 4, … (one of wrk's two threads), read from the
    script's own lists."""
    script = NEW_FILTERS.read_text()

    def listed(name):
        body = re.search(rf"local {name} = {{(.*?)}}", script, re.S).group(1)
        return re.findall(r'"([^"]*)"', body)

    words, themes = listed("words"), listed("themes")
    languages, sections = listed("languages"), listed("sections")
    urls = []
    for number in range(start + 2, start + 2 * count + 1, 2):
        n = number
        w, n = n % len(words), n // len(words)
        t, n = n % len(themes), n // len(themes)
        lang, n = n % len(languages), n // len(languages)
        section = sections[n % len(sections)]
        url = f"{DOC}?q={words[w]}&theme={themes[t]}&lang={languages[lang]}"
        urls.append(url + (f"&section={section}" if section else ""))
    return urls


def combination_times(count):
    """Return (median, mean) CPU time in ms of the requests new_filters.lua
    sends, in process, each URL new (the page cache never answers), as a
    worker under wrk sees them: fragments stored as the sequence needs them."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(FILTERED_DOC)
    times = []
    for url in new_combinations(count):
        start = time.process_time()
        client.get(url)
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times), statistics.mean(times)


def load_rows(arguments):
    """Print the wrk rows, as bench.py's report lists them."""
    server = Server(arguments.workers)
    try:
        rows = []
        for label, path, script in [
            ("Django's floor", FLOOR, None),
            (f"`{SEARCHED_SAME}`, page cache", SEARCHED_SAME, None),
            (f"`{DOC}?q=…`, a new query every request", DOC, UNIQUE_SEARCH),
            (f"`{FILTERED_DOC}`, page cache", FILTERED_DOC, None),
            (
                f"`{DOC}?q=…&theme=…&lang=…&section=…`, a new combination every "
                "request",
                DOC,
                NEW_FILTERS,
            ),
        ]:
            if script is None:
                urllib.request.urlopen(server.url + path).read()  # the page cache
            run = wrk(
                server.url + path, arguments.duration, arguments.connections, script
            )
            rows.append((label, run))
    finally:
        server.stop()
    floor = rows[0][1][0]
    for label, (rate, p50, p99, errors) in rows:
        print(
            f"| {label} | {rate:.0f} | {p50:.2f} | {p99:.2f} | "
            f"{rate / floor:.0%} | {errors} |"
        )
    print(
        f"a new combination every request: {rows[4][1][0] / rows[3][1][0]:.1%} of the "
        f"cached filtered page; a new query: {rows[2][1][0] / rows[1][1][0]:.1%} of "
        "the cached searched page"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=41)
    parser.add_argument("--profile", action="store_true", help="also by function")
    parser.add_argument("--load", action="store_true", help="also the wrk table")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep var/bench")
    parser.add_argument(
        "--combinations",
        type=int,
        default=0,
        help="also time this many of new_filters.lua's requests in process",
    )
    arguments = parser.parse_args()
    if not arguments.reuse or not WORK.exists():
        shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True)
        manage("migrate", "--noinput")
        manage("load_corpus")
        manage("collectstatic", "--noinput")
    setup_django()
    floor = render_times(FLOOR, repeat=arguments.repeat)[0]
    filtered = render_times(FILTERED_DOC, repeat=arguments.repeat)[0]
    document = render_times(DOC, repeat=21)[0]
    print(
        f"in process: floor {floor:.2f} ms, uncached filtered page {filtered:.2f} ms"
        f" ({filtered / floor:.1f}x the floor), full document {document:.2f} ms"
    )
    if arguments.combinations:
        median, mean = combination_times(arguments.combinations)
        print(
            f"a new combination every request (new_filters.lua's first "
            f"{arguments.combinations}): median {median:.2f} ms, mean {mean:.2f} ms"
        )
    if arguments.profile:
        profiled, functions = function_profile(FILTERED_DOC)
        print(
            f"under the profiler a render takes {profiled:.2f} ms, the floor "
            f"{function_profile(FLOOR)[0]:.2f} ms"
        )
        for name, own in functions:
            print(f"| `{name}` | {own:.3f} | {own / profiled:.1%} |")
        shares = {path: cold_profile(path) for path in (DOC, SEARCHED_SAME)}
        for index, (area, _) in enumerate(shares[DOC]):
            cells = " | ".join(f"{rows[index][1]:.0%}" for rows in shares.values())
            print(f"| {area} | {cells} |")
    if arguments.load:
        load_rows(arguments)


if __name__ == "__main__":
    main()
