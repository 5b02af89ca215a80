"""Benchmark: the main pages under gunicorn (2 sync workers) on the big dataset, against a floor.

Starts the embedded PostgreSQL, makes (once) a benchmark database ``csp_bench`` holding the big
dataset (`manage.py generate_load`, 40 partnerships × 5 years unless told otherwise), starts
gunicorn on 127.0.0.1 with the benchmark settings (config/settings/bench.py: DEBUG off,
persistent connections, and a floor view: the cheapest signed-in page through the same
middleware), then for each page, at 2 and at 8 concurrent clients, runs 3 rounds of
"floor for a few seconds, then the page for a few seconds" and takes the medians.

Prints, per page: req/s, p50 and p95 in ms, and the page's req/s as a % of the floor's
measured right before it (so a machine shared with others moves both). Goals (issue 15):
list pages ≥ 25% and detail pages ≥ 40% of the floor; p95 < 250 ms at 2 clients.

    .venv/bin/python bench/web.py [--seconds 2] [--rounds 3] [--json out.json]
                                  [--partnerships 40] [--years 5] [--pages dashboard,award]

Only 127.0.0.1 is contacted; every loop is bounded in time and stops by itself.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = os.environ.get("BENCH_DB", "csp_bench")
SETTINGS = "config.settings.bench"
LIST_GOAL, DETAIL_GOAL, P95_GOAL_MS = 25.0, 40.0, 250.0


def _database_url() -> str:
    """Start (or join) the embedded PostgreSQL; the URL of the benchmark database."""
    os.environ.setdefault("XDG_RUNTIME_DIR", str(ROOT / "var" / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    from config import embedded

    # The server only (Django's settings are read later, with DATABASE_URL set).
    info = embedded._start_server()
    url = f"postgresql://postgres:@/{BENCH_DB}?host={info.socket_dir}"
    os.environ["DATABASE_URL"] = url
    return url


def prepare(*, partnerships: int, years: int) -> str:
    """The benchmark database with migrations and the big dataset (made once, then kept)."""
    url = _database_url()
    import psycopg2

    host = url.split("host=")[1]
    admin = psycopg2.connect(dbname="postgres", user="postgres", host=host)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{BENCH_DB}"')
    admin.close()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    conn = psycopg2.connect(dbname=BENCH_DB, user="postgres", host=host)
    with conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM partnership_partnership WHERE slug LIKE 'load-%%'")
        present = cursor.fetchone()[0]
    conn.close()
    if not present:
        started = time.perf_counter()
        subprocess.run([*manage, "generate_load", "--partnerships", str(partnerships),
                        "--years", str(years), "--seed", "1"], env=env, check=True)
        print(f"Big dataset generated in {time.perf_counter() - started:.0f} s", flush=True)
    os.environ["DATABASE_URL"] = url
    return url


@dataclass
class Page:
    name: str
    kind: str  # "list" or "detail"
    path: str
    cookie: str


def sessions_and_pages() -> tuple[str, list[Page]]:
    """Signed-in sessions for the people who use each page, and the pages' paths."""
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from funding.models import GrantAward
    from partnership.models import Partnership, User

    partnership = Partnership.objects.get(slug="load-001")
    slug = partnership.slug

    def cookie(email: str, device: Any = None) -> str:
        user = User.objects.get(email=email)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if device is not None:
            session["otp_device_id"] = device.persistent_id
        session.save()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    dhr = User.objects.get(email=f"dhr@{slug}.load.example")
    device, _ = TOTPDevice.objects.get_or_create(user=dhr, name="Bench",
                                                 defaults={"confirmed": True})
    coordinator = cookie(f"coordinator@{slug}.load.example")
    award = (GrantAward.objects.filter(partnership=partnership).order_by("-year_start", "pk")
             .first())
    assert award is not None
    pages = [
        Page("dashboard", "list", reverse("partnership:dashboard", args=[slug]), coordinator),
        Page("action plan page", "list", reverse("actionplans:plans", args=[slug]), coordinator),
        # "My actions" lives on "My work" now (actionplans:my_actions redirects there).
        Page("My actions", "list", reverse("partnership:my_work", args=[slug]),
             cookie(f"lead1@{slug}.load.example")),
        Page("performance table", "list", reverse("priorities:performance", args=[slug]),
             coordinator),
        Page("award", "detail", reverse("funding:award", args=[slug, award.pk]),
             cookie(f"finance@{slug}.load.example")),
        Page("OPCC returns", "list", reverse("opcc:returns"),
             cookie("opcc001@load.example")),
        Page("meetings", "list", reverse("partnership:meetings", args=[slug]), coordinator),
        Page("review list", "list", reverse("reviews:list", args=[slug]),
             cookie(f"dhr@{slug}.load.example", device)),
    ]
    return coordinator, pages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": SETTINGS}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "60"],
        cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            _get(port, "/health/", "")
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


def _get(port: int, path: str, cookie: str) -> tuple[int, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        response = conn.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        conn.close()


@dataclass
class Run:
    rps: float
    latencies_ms: list[float]
    errors: int


def drive(port: int, path: str, cookie: str, *, clients: int, seconds: float) -> Run:
    """``clients`` threads each GET ``path`` in a loop until ``seconds`` have passed."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            status, _ = _get(port, path, cookie)
            mine.append((time.perf_counter() - started) * 1000)
            bad += status != 200
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return Run(len(latencies) / elapsed, latencies, errors[0])


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * pct / 100))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", default="2,8")
    parser.add_argument("--partnerships", type=int, default=40)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--json", default="")
    parser.add_argument("--pages", default="",
                        help="only the pages whose names contain one of these (comma-separated)")
    args = parser.parse_args()
    prepare(partnerships=args.partnerships, years=args.years)
    floor_cookie, pages = sessions_and_pages()
    if args.pages:
        wanted = [w.strip() for w in args.pages.split(",") if w.strip()]
        pages = [p for p in pages if any(w in p.name for w in wanted)]
    port = _free_port()
    server = start_gunicorn(port)
    results: list[dict[str, Any]] = []
    try:
        for page in pages:  # a first request: each check that the page answers 200
            status, size = _get(port, page.path, page.cookie)
            if status != 200:
                raise SystemExit(f"{page.name} ({page.path}) answered {status}")
            page_size = size
            for clients in (int(c) for c in args.clients.split(",")):
                floors, runs = [], []
                for _ in range(args.rounds):
                    floors.append(drive(port, "/bench/floor/", floor_cookie, clients=clients,
                                        seconds=args.seconds))
                    runs.append(drive(port, page.path, page.cookie, clients=clients,
                                      seconds=args.seconds))
                ratios = [100 * r.rps / f.rps for r, f in zip(runs, floors, strict=True)]
                latencies = [ms for r in runs for ms in r.latencies_ms]
                row: dict[str, Any] = {
                    "page": page.name, "kind": page.kind, "clients": clients,
                    "bytes": page_size,
                    "floor_rps": statistics.median(f.rps for f in floors),
                    "rps": statistics.median(r.rps for r in runs),
                    "pct_of_floor": statistics.median(ratios),
                    "p50_ms": statistics.median(statistics.median(r.latencies_ms) for r in runs),
                    "p95_ms": statistics.median(_pct(r.latencies_ms, 95) for r in runs),
                    "requests": len(latencies),
                    "errors": sum(r.errors for r in runs) + sum(f.errors for f in floors),
                }
                goal = LIST_GOAL if page.kind == "list" else DETAIL_GOAL
                row["goal_pct"] = goal
                row["met"] = row["pct_of_floor"] >= goal and (
                    clients != 2 or row["p95_ms"] < P95_GOAL_MS) and not row["errors"]
                results.append(row)
                print(f"{page.name:18} {clients} clients: {row['rps']:6.1f} req/s "
                      f"(floor {row['floor_rps']:6.1f}) = {row['pct_of_floor']:5.1f}% "
                      f"[goal {goal:.0f}%]  p50 {row['p50_ms']:6.1f} ms  p95 "
                      f"{row['p95_ms']:6.1f} ms  {page_size / 1024:5.0f} KB  "
                      f"errors {row['errors']}", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
