"""The measure figures' Excel round trip: a typed export (title row, real numbers and dates,
widths, frozen header, autofilter, a dropdown of the measures, read-only columns grey, noted
and locked), read back with warnings for an edited read-only cell and a missing row, errors
that name the cell, the measure and the column header, and a plain openpyxl workbook with
typed values that imports."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from partnership.models import Role
from priorities.exports import measure_values_xlsx
from priorities.models import MeasureValue
from priorities.services import measure_values_import
from tests.factories import PartnershipFactory, member

from .factories import MeasureFactory, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    partnership = PartnershipFactory.create(name="Blaby, Hinckley and Bosworth CSP")
    coordinator = member(partnership, Role.COORDINATOR)
    total = MeasureFactory.create(partnership=partnership, name="Total crime", order=1,
                                  unit="recorded offences", comparator_area="LLR")
    burglary = MeasureFactory.create(partnership=partnership, name="Domestic burglary",
                                     order=2, unit="offences", comparator_area="")
    value(total, "2015/16", 4746, 51000)
    value(total, "2016/17", 5433)
    value(burglary, "2016/17 Q3", "96.5")
    return {"p": partnership, "by": coordinator, "total": total, "burglary": burglary}


def exported(world: dict[str, Any]) -> Any:
    return load_workbook(io.BytesIO(measure_values_xlsx(partnership=world["p"])))


def run(world: dict[str, Any], workbook: Any, **kwargs: Any) -> Any:
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return measure_values_import(partnership=world["p"], by=world["by"], stream=buffer, **kwargs)


def test_the_export_is_typed_for_excel(world: dict[str, Any]) -> None:
    book = exported(world)
    sheet = book["Figures"]
    assert sheet["A1"].value == "Blaby, Hinckley and Bosworth CSP: performance measure figures"
    assert [c.value for c in sheet[2]] == [
        "Measure", "Period", "Value", "Comparator value", "Period starts", "Unit",
        "Comparator area", "Recorded on"]
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_col=7)] == [
        ["Total crime", "2015/16", 4746, 51000, datetime.datetime(2015, 4, 1),
         "recorded offences", "LLR"],
        ["Total crime", "2016/17", 5433, None, datetime.datetime(2016, 4, 1),
         "recorded offences", "LLR"],
        ["Domestic burglary", "2016/17 Q3", 96.5, None, datetime.datetime(2016, 10, 1),
         "offences", None],
    ]
    assert isinstance(sheet["H3"].value, datetime.datetime)  # recorded on: a real date
    assert sheet["E3"].number_format == "DD/MM/YYYY"
    assert sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref == "A2:H5"
    assert sheet.column_dimensions["A"].width == 48
    # The measures' dropdown (a new name only warns: the import can create measures).
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref).startswith("A3:A") and validation.errorStyle == "warning"
    assert [r[0].value for r in book["Lists"].iter_rows()] == ["Total crime",
                                                               "Domestic burglary"]
    # Read-only: grey header with a note, locked cells; editable ones unlocked; no password.
    grey = {c.value for c in sheet[2] if c.fill.fgColor.rgb.endswith("D9D9D9")}
    assert grey == {"Period starts", "Unit", "Comparator area", "Recorded on"}
    assert sheet["F2"].comment.text.startswith("Read only: A measure's unit is set on")
    assert sheet["C2"].comment is None
    assert sheet["F3"].protection.locked and not sheet["C3"].protection.locked
    assert sheet.protection.sheet and not sheet.protection.password


def test_an_untouched_export_changes_nothing_and_warns_of_nothing(world: dict[str, Any]) -> None:
    outcome = run(world, exported(world), dry_run=True)
    assert outcome.ok and (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert not outcome.to_import
    assert outcome.warnings == []


def test_edited_read_only_cells_and_a_deleted_row_are_warnings(world: dict[str, Any]) -> None:
    book = exported(world)
    sheet = book["Figures"]
    sheet["F3"] = "crimes"  # Unit: read-only
    sheet["E4"] = datetime.datetime(2016, 5, 1)  # Period starts: read-only
    sheet["C4"] = 5500  # Value: applied
    sheet.delete_rows(5)  # Domestic burglary 2016/17 Q3
    outcome = run(world, book)
    assert outcome.ok and (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert [(w.cell, w.reference, w.column, w.message) for w in outcome.warnings] == [
        ("F3", "Total crime", "Unit", "Ignored: A measure's unit is set on the measure's page. "
         "The file says “crimes”, the portal has “recorded offences”."),
        ("E4", "Total crime", "Period starts", "Ignored: The date a period starts comes from its "
         "period. The file says “01/05/2016”, the portal has “01/04/2016”."),
        ("", "Domestic burglary", "", "Domestic burglary: 2016/17 Q3 is not in the file. "
         "Measures and their figures are never deleted by import: it stays as held."),
    ]
    world["total"].refresh_from_db()
    assert world["total"].unit == "recorded offences"
    figures = {(v.measure.name, v.period): v.value for v in MeasureValue.objects.all()}
    assert figures == {("Total crime", "2015/16"): Decimal("4746"),
                       ("Total crime", "2016/17"): Decimal("5500"),
                       ("Domestic burglary", "2016/17-Q3"): Decimal("96.5")}


def test_errors_name_the_cell_the_measure_and_the_header(world: dict[str, Any]) -> None:
    book = exported(world)
    sheet = book["Figures"]
    sheet["C4"] = "lots"
    sheet["B5"] = "2016"
    outcome = run(world, book, dry_run=True)
    assert [str(e) for e in outcome.errors] == [
        "C4 (“Total crime”, column “Value”): “lots” is not a number.",
        "B5 (“Domestic burglary”, column “Period”): " + outcome.errors[1].message,
    ]
    assert outcome.errors[1].message.startswith("“2016”")
    assert [(e.row, e.cell, e.column) for e in outcome.errors] == [
        (4, "C4", "Value"), (5, "B5", "Period")]


def test_a_workbook_made_with_openpyxl_with_typed_values_applies(world: dict[str, Any]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["measure", "period", "value", "comparator_value"])
    sheet.append(["Total crime", "2017/18", 5120, 49876.5])
    sheet.append(["Domestic burglary", "2016/17 Q3", 101.25, None])
    outcome = run(world, book)
    assert outcome.ok and (outcome.new, outcome.updated) == (1, 1)
    assert outcome.warnings == []  # not our export: no "missing row" warnings
    new = MeasureValue.objects.get(measure=world["total"], period="2017/18")
    assert (new.value, new.comparator_value) == (Decimal("5120"), Decimal("49876.50"))
    assert MeasureValue.objects.get(measure=world["burglary"]).value == Decimal("101.25")


def test_a_new_figure_typed_below_the_export_applies(world: dict[str, Any]) -> None:
    book = exported(world)
    sheet = book["Figures"]
    sheet.append(["Domestic burglary", "2016/17 Q4", 88])
    outcome = run(world, book)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (1, 0, 3)
    assert [c["row"] for c in outcome.changes] == [6]
    assert outcome.warnings == []
    assert MeasureValue.objects.get(measure=world["burglary"], period="2016/17-Q4").value == 88
