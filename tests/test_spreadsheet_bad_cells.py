"""Hostile cells in uploaded spreadsheets: each is a row error in the preview, nothing is saved."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from actionplans.models import Action
from actionplans.resources import COLUMNS, plan_import
from actionplans.services import actions_import
from partnership.models import Role
from tests.actionplans.factories import plan_world
from tests.factories import PartnershipFactory, member

pytestmark = pytest.mark.django_db

# No NUL bytes here: an .xlsx cannot hold one (XML 1.0 forbids it, openpyxl refuses to write it).
# The CSV measure import below gets them.
HOSTILE_CELLS = {
    "ID": ["²", "99999999999999999999", "-1", "1e400", "12.5"],
    "Reference": ["x" * 10_000],
    "Description": ["x" * 10_000],
    "Due date": ["30/02/2026", "31/13/2026", "9999-12-31x", "0001-01-01"],
    "Start date": ["2026-02-30", "99999999999999999999"],
    "Status": ["<script>", "x" * 10_000],
    "Lead officer email": ["someone@", "x" * 10_000],
}
CASES = [(column, value) for column, values in HOSTILE_CELLS.items() for value in values]


def workbook_with(column: str, value: str) -> bytes:
    book: Any = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    row: list[Any] = [None, "P1.9", "A new action", "", "", "", "", "", "Not started"]
    row += [""] * (len(COLUMNS) - len(row))
    row[COLUMNS.index(column)] = value
    sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("column", "value"), CASES,
                         ids=[f"{c}={v[:12]!r}" for c, v in CASES])
def test_action_plan_import_refuses_a_hostile_cell(column: str, value: str) -> None:
    world = plan_world()
    content = workbook_with(column, value)
    result = plan_import(plan=world.plan, by=world.coordinator, content=content)
    if not result.ok:
        assert any(e.row == 2 for e in result.errors), result.errors
        with pytest.raises(ValidationError):
            actions_import(plan=world.plan, by=world.coordinator, content=content)
        assert not Action.objects.exists()
    else:  # an odd but valid cell (year 1 is a real date) imports like any other
        actions_import(plan=world.plan, by=world.coordinator, content=content)
        assert Action.objects.count() == 1


def test_action_ids_that_int_cannot_read_are_row_errors() -> None:
    """"²" passes str.isdigit() but not int(); 20 nines overflow the database's bigint."""
    world = plan_world()
    for value in ("²", "99999999999999999999"):
        result = plan_import(plan=world.plan, by=world.coordinator,
                             content=workbook_with("ID", value))
        assert [(e.row, e.column) for e in result.errors] == [(2, "ID")]
        assert "is not an action ID" in result.errors[0].message


@pytest.mark.parametrize("line", [
    "Burglary,2016/17,1e400", "Burglary,9999/00,5", "Burglary,0000/01,5", "Burglary,2016/17,NaN",
    "Burglary,2016/17,99999999999999999999", "Burglary,2016/17,twelve",
    "Burg\x00lary,2016/17,5", "Burglary,2016/17 Q3,5\x00", "x" * 300 + ",2016/17,5",
])
def test_measure_import_refuses_a_hostile_row(line: str) -> None:
    from priorities.models import MeasureValue, PerformanceMeasure
    from priorities.services import ImportRefused, measure_values_import

    partnership = PartnershipFactory()
    coordinator = member(partnership, Role.COORDINATOR)
    stream = io.BytesIO(f"measure,period,value\n{line}\n".encode())
    with pytest.raises((ImportRefused, ValidationError)):
        measure_values_import(partnership=partnership, by=coordinator, stream=stream,
                              name="figures.csv", create_measures=True)
    assert not PerformanceMeasure.objects.exists() and not MeasureValue.objects.exists()
