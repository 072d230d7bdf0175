"""Measure only the uncached document page, as `make bench` does (bench.py).

The in-process figures of docs/PERFORMANCE.md's "When the page cache cannot
help" (median CPU time of renders with the page cache empty: Django's floor,
the uncached filtered page, the full document) and the filtered page's
function profile, without the rest of the bench; with --load also the wrk
rows of the filtered page from the page cache against a new search and
filter combination on every request (tests/perf/new_filters.lua). It
reuses bench.py's functions, database and settings, so its figures are the
bench's, taken in a shorter run.
"""

import argparse
import shutil
import urllib.request

from bench import (
    DOC,
    FILTERED_DOC,
    FLOOR,
    NEW_FILTERS,
    WORK,
    Server,
    function_name,
    manage,
    render_times,
    setup_django,
    wrk,
)


def profile(path, repeat, top):
    """Print the functions with the most own time over cold renders of a page."""
    import cProfile
    import pstats
    import time

    from django.core.cache import cache
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    profiler = cProfile.Profile(time.process_time)
    for _ in range(repeat):
        cache.clear()
        profiler.enable()
        client.get(path)
        profiler.disable()
    stats = pstats.Stats(profiler).stats
    total = sum(own for (_, _, own, _, _) in stats.values())
    print(f"under cProfile: {total * 1000 / repeat:.2f} ms per render")
    rows = sorted(((own, cum, key) for key, (_, _, own, cum, _) in stats.items()))
    for own, cum, key in reversed(rows[-top:]):
        print(
            f"  {own * 1000 / repeat:7.3f} own {cum * 1000 / repeat:7.3f} cum"
            f"  {function_name(key)}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=41)
    parser.add_argument("--profile", type=int, default=0, help="top N functions")
    parser.add_argument("--load", action="store_true", help="also the wrk ratio")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep var/bench")
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
    if arguments.profile:
        profile(FILTERED_DOC, 20, arguments.profile)
    if arguments.load:
        server = Server(arguments.workers)
        try:
            urllib.request.urlopen(server.url + FILTERED_DOC).read()
            cached = wrk(
                server.url + FILTERED_DOC, arguments.duration, arguments.connections
            )
            new = wrk(
                server.url + DOC,
                arguments.duration,
                arguments.connections,
                script=NEW_FILTERS,
            )
        finally:
            server.stop()
        print(f"filtered page, page cache: {cached}")
        print(f"a new combination every request: {new}")
        print(f"ratio: {new[0] / cached[0]:.1%}")


if __name__ == "__main__":
    main()
