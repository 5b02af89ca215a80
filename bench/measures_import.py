"""Benchmark: import 20,000 measure values (CSV) through the same service as the page and
``import_measures``; also times a re-import that updates every value, and a dry run.

Runs against a throwaway database (``test_<name>``) on the embedded PostgreSQL, created,
migrated and dropped here.    .venv/bin/python bench/measures_import.py [--rows N]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = "bench_measures_import"
    start = time.perf_counter()
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    print(f"throwaway database {test_name} created and migrated in "
          f"{time.perf_counter() - start:.1f} s")
    try:
        run(args.rows)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def build_csv(rows: int, measures: int, bump: int = 0) -> bytes:
    from partnership.periods import FinancialYear

    periods: list[str] = []
    year = 2000  # 25 years of quarters, all recordable (from 1998/99)
    while len(periods) * measures < rows:
        periods.extend(q.label for q in FinancialYear(year).quarters())
        year += 1
    out = io.StringIO()
    out.write("measure,period,value,comparator_value\n")
    written = 0
    for m in range(measures):
        for index, period in enumerate(periods):
            if written == rows:
                break
            out.write(f"Measure {m:04d},{period},{1000 + index + bump},{5000 + m}\n")
            written += 1
    return out.getvalue().encode()


def run(rows: int) -> None:
    from partnership.models import Membership, Partnership, Role, User
    from priorities.models import MeasureValue
    from priorities.services import measure_values_import

    partnership = Partnership.objects.create(name="Bench CSP", slug="bench", area="Bench",
                                             police_force_area="Bench")
    user = User.objects.create_user("bench@example.org", "x", full_name="Bench")
    Membership.objects.create(user=user, partnership=partnership, roles=[Role.COORDINATOR])
    measures = 200
    content = build_csv(rows, measures)
    print(f"file: {rows:,} rows, {measures} measures, {len(content) / 1024:.0f} KB")

    def timed(label: str, data: bytes, **kwargs: object) -> None:
        began = time.perf_counter()
        outcome = measure_values_import(partnership=partnership, by=user,
                                        stream=io.BytesIO(data), **kwargs)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - began
        assert outcome.ok, outcome.errors[:3]
        print(f"{label}: {elapsed:.2f} s ({rows / elapsed:,.0f} rows/s) "
              f"new={outcome.new} updated={outcome.updated} unchanged={outcome.unchanged}")

    timed("first import, creating measures (20,000 new values)" if rows == 20_000
          else "first import", content, create_measures=True)
    assert MeasureValue.objects.count() == rows
    timed("re-import, same file (all unchanged)", content)
    timed("re-import, every value changed", build_csv(rows, measures, bump=1))
    timed("preview (dry run) of a changed file", build_csv(rows, measures, bump=2),
          dry_run=True)


if __name__ == "__main__":
    main()
