"""Where a page's time goes: the pages of bench/web.py in one process, profiled.

Uses the benchmark database of bench/web.py (``BENCH_DB``, default ``csp_bench``; made by it
or by ``web.prepare``) and the same signed-in sessions, through Django's test client (the
whole middleware stack, no HTTP server). For each page: ms per request against the floor's,
the queries, the size, and with ``--profile`` the functions with the most cumulative time.

    .venv/bin/python bench/profile_pages.py [--requests 20] [--profile] [--only dashboard]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import web  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--lines", type=int, default=35)
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    parser.add_argument("-v", dest="verbose", action="store_true", help="print the SQL")
    args = parser.parse_args()
    web._database_url()
    floor_cookie, pages = web.sessions_and_pages()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def client_for(cookie: str) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
        assert name == settings.SESSION_COOKIE_NAME
        return client

    cpu: dict[str, float] = {}

    def timed(client: Client, path: str, n: int) -> float:
        """Wall ms per request; this process's CPU ms per request (steadier than the wall time
        on a shared machine: it leaves out waiting for the database and for a core) in cpu."""
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(n):
            client.get(path)
        cpu[path] = (time.process_time() - cpu_started) * 1000 / n
        return (time.perf_counter() - started) * 1000 / n

    floor = client_for(floor_cookie)
    for page in pages:
        if args.only and args.only not in page.name:
            continue
        client = client_for(page.cookie)
        floor_ms = timed(floor, "/bench/floor/", args.requests)
        page_ms = timed(client, page.path, args.requests)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.path)
        sql = list(queries.captured_queries)  # the next request resets the log
        print(f"{page.name:18} {page_ms:7.1f} ms  (floor {floor_ms:5.1f} ms: "
              f"{100 * floor_ms / page_ms:5.1f}% of the floor)  {len(queries)} queries  "
              f"{len(response.content) / 1024:.0f} KB  (CPU {cpu[page.path]:.1f} ms, floor "
              f"{cpu['/bench/floor/']:.1f} ms)", flush=True)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                client.get(page.path)
            profiler.disable()
            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats(args.sort).print_stats(args.lines)
            print(out.getvalue())
            if args.verbose:
                for query in sql:
                    print(f"   {float(query['time']) * 1000:6.1f} ms", query["sql"][:400])


if __name__ == "__main__":
    main()
