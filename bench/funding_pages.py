"""Benchmark: the award page, the return page and the OPCC returns page (and its XLSX export) at 10 and 500
lines/returns: median time over several requests and the number of queries.

    .venv/bin/python bench/funding_pages.py [--repeat 7]

Runs on the embedded PostgreSQL in a throwaway test database (created, then dropped).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def measure(client: Any, url: str, repeat: int) -> tuple[float, int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up
    timings = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - start)
        queries = len(captured.captured_queries)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings) * 1000, queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases
    from django.urls import reverse

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from partnership.models import Membership, Partnership, PccOffice, User
        from tests.funding.bulk import award_with_lines, returns_across_partnerships

        rows = []
        for size in (10, 500):
            office = PccOffice.objects.create(name=f"Bench OPCC {size}",
                                              police_force_area=f"Bench force {size}")
            home = Partnership.objects.create(name=f"Bench CSP {size}", slug=f"bench-{size}",
                                              area="Bench", police_force_area=office.police_force_area,
                                              pcc_office=office)
            coordinator = User.objects.create_user(f"coordinator{size}@bench.example", "x",
                                                   full_name="Bench Coordinator")
            Membership.objects.create(user=coordinator, partnership=home, roles=["coordinator"])
            award = award_with_lines(home, size)
            returns_across_partnerships(office, size)
            officer = User.objects.create_user(f"opcc{size}@bench.example", "x",
                                               full_name="Bench OPCC", opcc_office=office)
            client = Client()
            client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
            award_url = reverse("funding:award", args=[home.slug, award.pk])
            rows.append(("award page", size, "lines", *measure(client, award_url, args.repeat)))
            from funding import services

            grant_return = services.return_start(award=award, by=coordinator, part="H1")
            return_url = reverse("funding:return", args=[home.slug, grant_return.pk])
            rows.append(("return page", size, "lines", *measure(client, return_url, args.repeat)))
            client = Client()
            client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
            opcc_url = reverse("opcc:returns") + "?period=2015/16-H1"
            rows.append(("OPCC returns page", size, "returns", *measure(client, opcc_url, args.repeat)))
            export_url = reverse("opcc:export") + "?period=2015/16-H1&format=xlsx"
            rows.append(("OPCC XLSX export", size, "returns", *measure(client, export_url, args.repeat)))
        print(f"{'page':20} {'size':>12} {'median ms':>10} {'queries':>8} {'bytes':>9}")
        for name, size, unit, ms, queries, size_bytes in rows:
            print(f"{name:20} {f'{size} {unit}':>12} {ms:10.1f} {queries:8d} {size_bytes:9d}")
        by_page: dict[str, list[int]] = {}
        for name, _size, _unit, _ms, queries, _bytes in rows:
            by_page.setdefault(name, []).append(queries)
        flat = all(len(set(counts)) == 1 for counts in by_page.values())
        print("query counts flat from 10 to 500:", "yes" if flat else "NO")
    finally:
        teardown_databases(databases, verbosity=0)


if __name__ == "__main__":
    main()
