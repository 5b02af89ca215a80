"""Benchmark: import 10,000 actions from an XLSX file, then re-import them all changed.

Also writes the same rows with a PostgreSQL COPY in the same run (the floor for a bulk
write; the audit triggers fire for both) and prints the ratio, checks that every row written
has its audit event, and times the export of the plan to XLSX.

Runs on a throwaway test database (created and destroyed here) on the embedded PostgreSQL, or
with ``--big`` on the configured database (bench/web.py's big dataset; make bench), inside one
transaction rolled back at the end. Goals: import ≤ 5× COPY; export of 10,000 actions ≤ 3 s.

    .venv/bin/python bench/actions_import.py [rows] [--big] [--json=out.json]
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
os.environ.setdefault("XDG_RUNTIME_DIR", str(Path(__file__).resolve().parent.parent / "var" / "run"))

import django

django.setup()

from config import embedded  # noqa: E402

embedded.start_postgres()

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


def timed(label: str, func: object) -> tuple[object, float]:
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = func()  # type: ignore[operator]
        elapsed = time.perf_counter() - started
    print(f"{label:<48} {elapsed:7.2f} s  {len(captured.captured_queries):4d} queries", flush=True)
    return result, elapsed


def copy_rows(plan: Any, rows: int) -> None:
    """The same rows as the import (the actions, same columns and values, and their supporting
    organisations) written with COPY into a second plan: the floor for a bulk write, audit
    triggers included (they fire on COPY)."""
    from actionplans.models import Action, ActionPlan, OwnerKind
    from partnership.models import Organisation, User

    twin = ActionPlan.objects.create(partnership=plan.partnership, year=plan.year,
                                     title="Bench plan (COPY)", owner_kind=OwnerKind.PRIORITY,
                                     priority=plan.priority)
    leads = list(User.objects.filter(email__startswith="lead", email__endswith="@bench.example")
                 .order_by("pk"))
    leads.sort(key=lambda u: int(u.email[4:].split("@")[0]))
    orgs = list(Organisation.objects.filter(partnership=plan.partnership).order_by("pk"))
    buffer = io.StringIO()
    for i in range(rows):
        buffer.write("\t".join([
            str(twin.pk), str(plan.partnership_id), f"B{i + 1}", f"Bench action number {i + 1}",
            str(leads[i % 50].pk), str(orgs[i % 10].pk), "2015-04-01", "2016-03-31",
            "in_progress", "0", "green", "", "", "green"]) + "\n")
    buffer.seek(0)
    columns = ("plan_id, partnership_id, reference, description, lead_officer_id, "
               "lead_organisation_id, start_on, due_on, status, percent_complete, derived_rag, "
               "rag_override, rag_override_reason, rag")
    through = Action.supporting_organisations.through
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(  # type: ignore[attr-defined]
            f"COPY {Action._meta.db_table} ({columns}) FROM STDIN", buffer)
        # The import also writes each action's two supporting organisations: so does COPY.
        ids = dict(Action.objects.filter(plan=twin).values_list("reference", "pk"))
        links = io.StringIO()
        for i in range(rows):
            for k in (1, 2):
                links.write(f"{ids[f'B{i + 1}']}\t{orgs[(i + k) % 10].pk}\n")
        links.seek(0)
        cursor.cursor.copy_expert(  # type: ignore[attr-defined]
            f"COPY {through._meta.db_table} (action_id, organisation_id) FROM STDIN", links)


def events(model: Any) -> int:
    """Audit events (django-pghistory) of a tracked model."""
    from django.apps import apps

    return int(apps.get_model(model._meta.app_label, f"{model.__name__}Event").objects.count())


def run(rows: int) -> dict[str, float]:
    import openpyxl

    from actionplans.models import Action
    from actionplans.resources import export_xlsx, plan_import
    from actionplans.services import actions_import

    plan, coordinator, content = build(rows)
    print(f"{rows} rows, {len(content) / 1024:.0f} KB XLSX")
    result, _ = timed("preview (check every row)", lambda: plan_import(
        plan=plan, by=coordinator, content=content))
    assert result.ok, result.errors[:5]  # type: ignore[attr-defined]
    before = events(Action)
    _, imported = timed(f"import {rows} new actions (check + apply)", lambda: actions_import(
        plan=plan, by=coordinator, content=content))
    assert Action.objects.filter(plan=plan).count() == rows
    # Every inserted row has its audit event.
    assert events(Action) - before == rows, (events(Action) - before, rows)
    before = events(Action)
    _, copied = timed(f"COPY the same {rows} actions (audited too)", lambda: copy_rows(plan, rows))
    assert events(Action) - before == rows
    print(f"import / COPY: {imported / copied:.1f}x  (goal: at most 5x)")

    # The export the plan page offers (typed for Excel: title row, header on row 2).
    exported, export_seconds = timed("export the plan to XLSX", lambda: export_xlsx(plan))
    print(f"export of {rows} actions: {export_seconds:.2f} s  (goal: at most 3 s)")
    workbook = openpyxl.load_workbook(io.BytesIO(exported))  # type: ignore[arg-type]
    sheet: Any = workbook.active
    for row in range(3, sheet.max_row + 1):
        sheet.cell(row=row, column=8, value=datetime.date(2017, 3, 31))
    buffer = io.BytesIO()
    workbook.save(buffer)
    changed = buffer.getvalue()
    before = events(Action)
    _, reimported = timed(f"re-import {rows} changed actions (check + apply)", lambda: actions_import(
        plan=plan, by=coordinator, content=changed))
    assert not Action.objects.filter(plan=plan).exclude(
        due_on=datetime.date(2017, 3, 31)).exists()
    assert events(Action) - before == rows, (events(Action) - before, rows)
    return {"rows": rows, "import_s": imported, "copy_s": copied,
            "ratio": imported / copied, "export_s": export_seconds, "reimport_s": reimported}


class _Rollback(Exception):
    pass


def main() -> None:
    """On the benchmark database (``--big``: the big dataset of bench/web.py, all rolled back
    at the end) or on a throwaway database (default)."""
    import json

    from django.db import transaction

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rows = int(args[0]) if args else 10_000
    out = next((a.split("=", 1)[1] for a in sys.argv if a.startswith("--json=")), "")
    if "--big" in sys.argv:
        figures: dict[str, float] = {}
        try:
            with transaction.atomic():
                figures = run(rows)
                raise _Rollback
        except _Rollback:
            pass
    else:
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        print("Creating a throwaway database (migrations) ...")
        creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            figures = run(rows)
        finally:
            creation.destroy_test_db(old_name, verbosity=0)
    print("Goals: import ≤ 5× COPY of the same rows; export of 10,000 actions ≤ 3 s; every "
          "audit event kept (checked).")
    if out:
        Path(out).write_text(json.dumps(figures))


if __name__ == "__main__":
    main()
