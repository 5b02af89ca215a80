"""The Excel round-trip: export, edit, preview with changed cells, all-or-nothing import."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from actionplans.models import Action, ActionChange
from actionplans.resources import COLUMNS, export_sheet, plan_import
from actionplans.services import actions_import
from partnership.exports import xlsx_bytes
from partnership.models import User
from tests.actionplans.factories import ActionFactory, make_actions, plan_world
from tests.conftest import count_queries

pytestmark = pytest.mark.django_db


def _export(world: Any) -> Any:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes([export_sheet(world.plan)])))


def _bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _col(name: str) -> int:
    return COLUMNS.index(name) + 1


@pytest.fixture
def world() -> Any:
    world = plan_world()
    ActionFactory(plan=world.plan, reference="P1.1", lead_officer=world.lead,
                  description="=HYPERLINK(\"http://evil\")")
    ActionFactory(plan=world.plan, reference="P1.2", lead_officer=world.lead)
    return world


def test_export_neutralises_formulas(world: Any) -> None:
    sheet = _export(world).active
    assert [c.value for c in sheet[1]][:len(COLUMNS)] == COLUMNS
    descriptions = [row[_col("Description") - 1].value for row in sheet.iter_rows(min_row=2)]
    assert "'=HYPERLINK(\"http://evil\")" in descriptions
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_round_trip_preview_then_apply(world: Any) -> None:
    workbook = _export(world)
    sheet = workbook.active
    sheet.cell(row=3, column=_col("Due date"), value=datetime.datetime(2031, 1, 31))
    sheet.cell(row=3, column=_col("Lead officer email"), value=world.other_lead.email.upper())
    sheet.append([None, "P1.3", "New action from Excel", world.lead.email, "District Council",
                  "", "01/04/2016", "31/03/2017", "In progress"])
    content = _bytes(workbook)

    result = plan_import(plan=world.plan, by=world.coordinator, content=content)
    assert result.ok, result.errors
    assert (result.count("new"), result.count("changed"), result.count("unchanged")) == (1, 1, 1)
    changed = next(r for r in result.rows if r.kind == "changed")
    assert set(changed.changed) == {"Due date", "Lead officer email"}
    assert Action.objects.count() == 2  # a preview writes nothing

    actions_import(plan=world.plan, by=world.coordinator, content=content)
    assert Action.objects.count() == 3
    p12 = Action.objects.get(reference="P1.2")
    assert (p12.due_on, p12.lead_officer) == (datetime.date(2031, 1, 31), world.other_lead)
    new = Action.objects.get(reference="P1.3")
    assert (new.start_on, new.status, new.lead_organisation) == (
        datetime.date(2016, 4, 1), "in_progress", world.organisation)
    assert Action.objects.get(reference="P1.1").description == "=HYPERLINK(\"http://evil\")"
    assert set(ActionChange.objects.filter(action=p12).values_list("field", "reason")) >= {
        ("due_on", "Spreadsheet import"), ("lead_officer", "Spreadsheet import")}


def test_errors_by_row_and_column_and_nothing_applied(world: Any) -> None:
    other = plan_world()
    foreign: Any = ActionFactory(plan=other.plan, reference="X1")
    workbook = _export(world)
    sheet = workbook.active
    sheet.cell(row=2, column=_col("Lead officer email"), value="nobody@example.org")
    sheet.cell(row=3, column=_col("Due date"), value="31st of Smarch")
    sheet.append([None, "P1.1", "Duplicate reference", "", "", "", "", "", "Not started"])
    sheet.append([foreign.pk, "X1", "Someone else's", "", "", "", "", "", "Not started"])
    sheet.append([None, "P1.7", "Fine row", "", "", "", "", "", "Not started"])
    content = _bytes(workbook)
    result = plan_import(plan=world.plan, by=world.coordinator, content=content)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(2, "Lead officer email"), (3, "Due date"), (4, "Reference"), (5, "ID")}
    messages = {e.column: e.message for e in result.errors}
    assert "not a member of this partnership" in messages["Lead officer email"]
    # Another partnership's action is answered exactly as an ID that does not exist.
    assert messages["ID"] == f"There is no action with ID {foreign.pk}."
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions_import(plan=world.plan, by=world.coordinator, content=content)
    assert not Action.objects.filter(reference="P1.7").exists()


def test_wrong_columns(world: Any) -> None:
    workbook: Any = openpyxl.Workbook()
    workbook.active.append(["Ref", "What", "Who"])
    workbook.active.append(["P1.1", "x", "y"])
    result = plan_import(plan=world.plan, by=world.coordinator, content=_bytes(workbook))
    assert len(result.errors) == 1 and result.errors[0].row == 1
    assert "missing column(s): ID, Reference" in result.errors[0].message
    assert "unknown column(s): Ref, What, Who" in result.errors[0].message


def test_not_a_spreadsheet(world: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        plan_import(plan=world.plan, by=world.coordinator, content=b"not excel")


def test_import_runs_a_constant_number_of_queries(world: Any) -> None:
    def queries_for(extra: int) -> int:
        make_actions(world, extra)
        workbook = _export(world)
        sheet = workbook.active
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row=row, column=_col("Due date"), value=datetime.datetime(2032, 1, 1))
        for i in range(extra):
            sheet.append([None, f"N{extra}.{i}", "New", world.lead.email, "District Council",
                          "District Council", "", "", "Not started"])
        content = _bytes(workbook)
        by = User.objects.get(pk=world.coordinator.pk)  # no cached roles: both runs look them up
        return count_queries(lambda: actions_import(plan=world.plan, by=by, content=content))

    small, large = queries_for(5), queries_for(300)
    # roles; the plan's actions and their supporting organisations; members; organisations;
    # foreign IDs; pghistory context; INSERT actions; UPDATE … FROM VALUES; supporting rows
    # (DELETE, INSERT); INSERT changes: the same 12 whatever the number of rows.
    assert (small, large) == (12, 12)


def test_import_pages(world: Any, client_for: Any) -> None:
    client = client_for(world.coordinator)
    slug = world.partnership.slug
    export = client.get(reverse("actionplans:export", args=[slug, world.plan.pk]))
    assert export.status_code == 200
    workbook: Any = openpyxl.load_workbook(io.BytesIO(export.content))
    workbook.active.cell(row=3, column=_col("Description"), value="Changed in Excel")
    upload = io.BytesIO(_bytes(workbook))
    upload.name = "plan.xlsx"
    url = reverse("actionplans:import", args=[slug, world.plan.pk])
    preview = client.post(url, {"file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200 and 'class="govuk-table__cell app-changed"' in html
    token = html.split('name="token" value="')[1].split('"')[0]
    assert Action.objects.get(reference="P1.2").description != "Changed in Excel"
    done = client.post(reverse("actionplans:import_confirm", args=[slug, world.plan.pk]),
                       {"token": token})
    assert done.status_code == 302
    assert Action.objects.get(reference="P1.2").description == "Changed in Excel"


def test_a_get_of_the_confirmation_is_405_not_a_page(world: Any, client_for: Any) -> None:
    url = reverse("actionplans:import_confirm", args=[world.partnership.slug, world.plan.pk])
    assert client_for(world.coordinator).get(url).status_code == 405


def test_previews_nobody_confirms_are_purged_by_the_daily_job(world: Any) -> None:
    import os
    import time

    from django.core.files.storage import default_storage

    from actionplans.services import IMPORT_STAGING, action_import_confirm, action_import_stage
    from actionplans.tasks import purge_stale_imports
    from partnership.registry import registry

    assert "actionplans.tasks.purge_stale_imports" in registry.daily_jobs
    content = _bytes(_export(world))
    old = action_import_stage(plan=world.plan, by=world.coordinator, content=content).token
    fresh = action_import_stage(plan=world.plan, by=world.coordinator, content=content).token
    day_and_a_minute_ago = time.time() - 24 * 3600 - 60
    os.utime(default_storage.path(f"{IMPORT_STAGING}/{old}"),
             (day_and_a_minute_ago, day_and_a_minute_ago))
    assert purge_stale_imports() == 1
    assert purge_stale_imports() == 0
    assert default_storage.exists(f"{IMPORT_STAGING}/{fresh}")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="That import has expired"):
        action_import_confirm(plan=world.plan, by=world.coordinator, token=old)
    action_import_confirm(plan=world.plan, by=world.coordinator, token=fresh)
    assert not default_storage.exists(f"{IMPORT_STAGING}/{fresh}")
