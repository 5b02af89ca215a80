"""The Excel round-trip: export, edit, preview with changed cells, all-or-nothing import."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from actionplans.models import Action, ActionChange
from actionplans.resources import COLUMNS, export_xlsx, plan_import
from actionplans.services import actions_import
from partnership.models import User
from tests.actionplans.factories import ActionFactory, make_actions, plan_world
from tests.conftest import count_queries

pytestmark = pytest.mark.django_db


def _export(world: Any) -> Any:
    """The plan as the export button gives it: a title row, the header on row 2."""
    return openpyxl.load_workbook(io.BytesIO(export_xlsx(world.plan)))


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
    assert [c.value for c in sheet[2]][:len(COLUMNS)] == COLUMNS
    descriptions = [row[_col("Description") - 1].value for row in sheet.iter_rows(min_row=3)]
    assert "'=HYPERLINK(\"http://evil\")" in descriptions
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_round_trip_preview_then_apply(world: Any) -> None:
    workbook = _export(world)
    sheet = workbook.active
    sheet.cell(row=4, column=_col("Due date"), value=datetime.datetime(2031, 1, 31))
    sheet.cell(row=4, column=_col("Lead officer email"), value=world.other_lead.email.upper())
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
    sheet.cell(row=3, column=_col("Lead officer email"), value="nobody@example.org")
    sheet.cell(row=4, column=_col("Due date"), value="31st of Smarch")
    sheet.append([None, "P1.1", "Duplicate reference", "", "", "", "", "", "Not started"])
    sheet.append([foreign.pk, "X1", "Someone else's", "", "", "", "", "", "Not started"])
    sheet.append([None, "P1.7", "Fine row", "", "", "", "", "", "Not started"])
    content = _bytes(workbook)
    result = plan_import(plan=world.plan, by=world.coordinator, content=content)
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(3, "Lead officer email"), (4, "Due date"), (5, "Reference"), (6, "ID")}
    # Each error names the Excel cell and the action's reference.
    assert {(e.cell, e.reference) for e in result.errors} == {
        ("D3", "P1.1"), ("H4", "P1.2"), ("B5", "P1.1"), ("A6", "X1")}
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

    with pytest.raises(ValidationError, match="could not be read as an Excel"):
        plan_import(plan=world.plan, by=world.coordinator, content=b"\x00\x01binary")
    # Plain text is read as CSV: its one "column" is not ours.
    result = plan_import(plan=world.plan, by=world.coordinator, content=b"not excel")
    assert "Wrong columns" in result.errors[0].message


def test_import_runs_a_constant_number_of_queries(world: Any) -> None:
    def queries_for(extra: int) -> int:
        make_actions(world, extra)
        workbook = _export(world)
        sheet = workbook.active
        for row in range(3, sheet.max_row + 1):
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
    workbook.active.cell(row=4, column=_col("Description"), value="Changed in Excel")
    upload = io.BytesIO(_bytes(workbook))
    upload.name = "plan.xlsx"
    url = reverse("actionplans:import", args=[slug, world.plan.pk])
    preview = client.post(url, {"file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200 and 'class="app-changed"' in html
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


def test_export_is_typed_for_excel(world: Any) -> None:
    workbook = _export(world)
    sheet = workbook.active
    assert sheet["A1"].value == f"{world.plan.title} (2015/16)"
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:K4"
    first = {name: sheet.cell(row=3, column=_col(name)).value for name in COLUMNS}
    p11 = Action.objects.get(reference="P1.1")
    assert first["ID"] == p11.pk  # a number, not text
    assert first["Due date"] == datetime.datetime(2030, 3, 31)  # a real date
    assert sheet.cell(row=3, column=_col("Due date")).number_format == "DD/MM/YYYY"
    assert sheet.cell(row=3, column=11).value == 0  # % complete, a number
    assert sheet.column_dimensions["C"].width == 60
    # Dropdowns: the status labels and the members' emails, listed on a hidden sheet.
    lists = workbook["Lists"]
    assert lists.sheet_state == "hidden"
    validations = {str(v.sqref).split(":")[0]: v.formula1
                   for v in sheet.data_validations.dataValidation}
    assert validations == {"D3": "'Lists'!$A$1:$A$4", "I3": "'Lists'!$B$1:$B$5"}
    assert sorted(c.value for c in lists["A"] if c.value) == sorted(
        [world.coordinator.email, world.lead.email, world.other_lead.email, world.viewer.email])
    assert [c.value for c in lists["B"]] == ["Not started", "In progress", "Complete",
                                             "Cancelled", "Deferred"]
    # The columns the import ignores are grey, with a note, and locked; the sheet is protected
    # without a password.
    assert sheet.protection.sheet and not sheet.protection.password
    for letter, name in (("A", "ID"), ("J", "RAG"), ("K", "% complete")):
        assert sheet[f"{letter}2"].fill.fgColor.rgb == "00D9D9D9", name
        assert "Read only" in sheet[f"{letter}2"].comment.text
        assert sheet[f"{letter}3"].protection.locked
    assert sheet["B2"].comment is None and not sheet["B3"].protection.locked


def test_read_only_edits_and_missing_rows_are_warnings(world: Any) -> None:
    workbook = _export(world)
    sheet = workbook.active
    sheet.cell(row=3, column=_col("Description"), value="Edited")
    sheet.cell(row=3, column=10, value="Red")  # RAG
    sheet.cell(row=3, column=11, value=90)  # % complete
    sheet.delete_rows(4)  # P1.2
    content = _bytes(workbook)
    result = plan_import(plan=world.plan, by=world.coordinator, content=content)
    assert result.ok and result.count("changed") == 1
    warnings = [(w.cell, w.reference, w.message) for w in result.warnings]
    assert warnings == [
        ("J3", "P1.1", "Ignored: RAG is set by updates (or an override on the action's page). "
                       "The file says “Red”, the plan has “Green”."),
        ("K3", "P1.1", "Ignored: % complete is set by updates. The file says “90”, the plan "
                       "has “0”."),
        ("", "P1.2", "P1.2 is not in the file: actions are never deleted by import. It stays in "
                     "the plan unchanged."),
    ]
    actions_import(plan=world.plan, by=world.coordinator, content=content)
    assert Action.objects.count() == 2
    p11 = Action.objects.get(reference="P1.1")
    assert (p11.description, p11.percent_complete) == ("Edited", 0)


def test_csv_imports_like_xlsx(world: Any) -> None:
    p12 = Action.objects.get(reference="P1.2")
    content = ("\ufeff" + ",".join(COLUMNS) + "\r\n"
               + f"{p12.pk},P1.2,{p12.description},{world.lead.email},,,01/04/2015,2031-06-30,"
                 "In progress\r\n"
               + ",P1.5,From a CSV,,,,,,Not started\r\n").encode()
    result = plan_import(plan=world.plan, by=world.coordinator, content=content)
    assert result.ok, result.errors
    assert [(r.row, r.kind) for r in result.rows] == [(2, "changed"), (3, "new")]
    actions_import(plan=world.plan, by=world.coordinator, content=content)
    p12.refresh_from_db()
    assert (p12.due_on, p12.status) == (datetime.date(2031, 6, 30), "in_progress")
    assert Action.objects.filter(reference="P1.5", description="From a CSV").exists()


def test_a_reason_goes_on_every_due_date_and_lead_change(world: Any, client_for: Any) -> None:
    workbook = _export(world)
    sheet = workbook.active
    for row in (3, 4):
        sheet.cell(row=row, column=_col("Due date"), value=datetime.datetime(2031, 1, 31))
    sheet.cell(row=4, column=_col("Lead officer email"), value=world.other_lead.email)
    upload = io.BytesIO(_bytes(workbook))
    upload.name = "plan.xlsx"
    client = client_for(world.coordinator)
    slug = world.partnership.slug
    preview = client.post(reverse("actionplans:import", args=[slug, world.plan.pk]),
                          {"file": upload, "reason": "Agreed at the June meeting"})
    html = preview.content.decode()
    assert "Reason recorded for the 2 due-date or lead officer changes" in html
    token = html.split('name="token" value="')[1].split('"')[0]
    client.post(reverse("actionplans:import_confirm", args=[slug, world.plan.pk]),
                {"token": token})
    logged = set(ActionChange.objects.exclude(field="rag").values_list(
        "action__reference", "field", "reason"))
    reason = "Spreadsheet import: Agreed at the June meeting"
    assert logged == {("P1.1", "due_on", reason), ("P1.2", "due_on", reason),
                      ("P1.2", "lead_officer", reason)}
    page = client.get(reverse("actionplans:action",
                              args=[slug, Action.objects.get(reference="P1.2").pk]))
    assert "Lead officer: " in page.content.decode() and "Due date: 31/03/2030" in \
        page.content.decode()


def test_nothing_to_import_offers_no_confirmation(world: Any, client_for: Any) -> None:
    upload = io.BytesIO(_bytes(_export(world)))
    upload.name = "plan.xlsx"
    client = client_for(world.coordinator)
    html = client.post(reverse("actionplans:import", args=[world.partnership.slug, world.plan.pk]),
                       {"file": upload}).content.decode()
    assert "Nothing to import: every action in the file matches the plan." in html
    assert "Confirm and import" not in html


def test_supporting_organisations_and_fields_written_by_an_import(world: Any) -> None:
    """New actions get every column and their supporting organisations; a changed action's
    links are replaced; an unchanged action keeps its own (issue 15: written from arrays)."""
    from tests.factories import OrganisationFactory

    police: Any = OrganisationFactory(partnership=world.partnership, name="Police")
    OrganisationFactory(partnership=world.partnership, name="Fire Service")
    p11, p12 = Action.objects.get(reference="P1.1"), Action.objects.get(reference="P1.2")
    p11.supporting_organisations.add(police)
    p12.supporting_organisations.add(police)
    workbook = _export(world)
    sheet = workbook.active
    sheet.cell(row=4, column=_col("Supporting organisations"), value="Fire Service; District Council")
    sheet.append([None, "P1.3", "Overdue new action", world.other_lead.email, "Police",
                  "police; Fire Service", "01/04/2015", "31/12/2015", "In progress"])
    sheet.append([None, "P1.4", "Plain new action", "", "", "", "", "", ""])
    content = _bytes(workbook)
    result = plan_import(plan=world.plan, by=world.coordinator, content=content)
    assert [(r.row, r.kind) for r in result.rows] == [(3, "unchanged"), (4, "changed"),
                                                      (5, "new"), (6, "new")]
    assert result.rows[1].changed == {"Supporting organisations": "Police"}
    actions_import(plan=world.plan, by=world.coordinator, content=content)

    def names(action: Action) -> set[str]:
        return set(action.supporting_organisations.values_list("name", flat=True))

    assert names(p11) == {"Police"}
    assert names(p12) == {"Fire Service", "District Council"}
    p13 = Action.objects.get(reference="P1.3")
    assert names(p13) == {"Police", "Fire Service"}
    assert (p13.plan, p13.partnership, p13.description, p13.lead_officer, p13.lead_organisation,
            p13.start_on, p13.due_on, p13.status, p13.percent_complete) == (
        world.plan, world.partnership, "Overdue new action", world.other_lead, police,
        datetime.date(2015, 4, 1), datetime.date(2015, 12, 31), "in_progress", 0)
    # Past its due date and not complete: red, derived (no override).
    assert (p13.derived_rag, p13.rag, p13.rag_override, p13.rag_override_reason) == (
        "red", "red", "", "")
    p14 = Action.objects.get(reference="P1.4")
    assert (names(p14), p14.lead_officer, p14.status, p14.start_on, p14.rag) == (
        set(), None, "not_started", None, "green")
