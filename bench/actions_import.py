"""Benchmark: import 10,000 actions from an XLSX file, then re-import them all changed.

Runs on a throwaway test database (created and destroyed here) on the embedded PostgreSQL.
Prints the time and the number of queries of each step. Goal: under 15 s for 10,000 rows.

    .venv/bin/python bench/actions_import.py [rows]
"""

from __future__ import annotations

import datetime
import io
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def build(rows: int) -> tuple[Any, Any, bytes]:
    import openpyxl

    from actionplans.models import ActionPlan, OwnerKind
    from actionplans.resources import COLUMNS
    from partnership.models import Membership, Organisation, Partnership, Role, User
    from priorities.models import CommunitySafetyPlan, Priority

    partnership = Partnership.objects.create(name="Bench CSP", slug="bench", area="Bench",
                                             police_force_area="Bench")
    orgs = [Organisation.objects.create(partnership=partnership, name=f"Org {i}", kind="police")
            for i in range(10)]
    coordinator = User.objects.create_user("coordinator@bench.example", full_name="Coordinator")
    Membership.objects.create(user=coordinator, partnership=partnership, roles=[Role.COORDINATOR])
    leads = []
    for i in range(50):
        user = User.objects.create_user(f"lead{i}@bench.example", full_name=f"Lead {i}")
        Membership.objects.create(user=user, partnership=partnership, roles=[Role.LEAD_OFFICER])
        leads.append(user)
    csp = CommunitySafetyPlan.objects.create(partnership=partnership, title="Plan",
                                             start_year=2015, end_year=2017)
    priority = Priority.objects.create(plan=csp, title="Priority")
    plan = ActionPlan.objects.create(partnership=partnership, year=2015, title="Bench plan",
                                     owner_kind=OwnerKind.PRIORITY, priority=priority)
    workbook = openpyxl.Workbook()
    sheet: Any = workbook.active
    sheet.append(COLUMNS)
    for i in range(rows):
        sheet.append([None, f"B{i + 1}", f"Bench action number {i + 1}", leads[i % 50].email,
                      orgs[i % 10].name, f"{orgs[(i + 1) % 10].name}; {orgs[(i + 2) % 10].name}",
                      datetime.date(2015, 4, 1), datetime.date(2016, 3, 31), "In progress"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return plan, coordinator, buffer.getvalue()


def timed(label: str, func: object) -> object:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = func()  # type: ignore[operator]
        elapsed = time.perf_counter() - started
    print(f"{label:<48} {elapsed:7.2f} s  {len(captured.captured_queries):4d} queries")
    return result


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from actionplans.models import Action
    from actionplans.resources import export_sheet, plan_import
    from actionplans.services import actions_import
    from partnership.exports import xlsx_bytes

    creation = connection.creation
    old_name = connection.settings_dict["NAME"]
    print("Creating a throwaway database (migrations) ...")
    creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        plan, coordinator, content = build(rows)
        print(f"{rows} rows, {len(content) / 1024:.0f} KB XLSX")
        result = timed("preview (check every row)", lambda: plan_import(
            plan=plan, by=coordinator, content=content))
        assert result.ok, result.errors[:5]  # type: ignore[attr-defined]
        timed(f"import {rows} new actions (check + apply)", lambda: actions_import(
            plan=plan, by=coordinator, content=content))
        assert Action.objects.filter(plan=plan).count() == rows

        import openpyxl

        exported = timed("export the plan to XLSX", lambda: xlsx_bytes([export_sheet(plan)]))
        workbook = openpyxl.load_workbook(io.BytesIO(exported))  # type: ignore[arg-type]
        sheet: Any = workbook.active
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row=row, column=8, value=datetime.date(2017, 3, 31))
        buffer = io.BytesIO()
        workbook.save(buffer)
        changed = buffer.getvalue()
        timed(f"re-import {rows} changed actions (check + apply)", lambda: actions_import(
            plan=plan, by=coordinator, content=changed))
        assert not Action.objects.filter(plan=plan).exclude(
            due_on=datetime.date(2017, 3, 31)).exists()
    finally:
        creation.destroy_test_db(old_name, verbosity=0)
    print("Goal: each import of 10,000 rows under 15 s, a constant number of queries.")


if __name__ == "__main__":
    main()
