"""Importing measure values: good file, bad rows (nothing applied), wrong columns, wrong
file type, huge file, duplicates, XLSX, creating measures, and the command."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from partnership.models import Role
from priorities.models import MeasureValue, PerformanceMeasure
from priorities.services import ImportRefused, measure_values_import
from tests.factories import PartnershipFactory, member

from .factories import MeasureFactory, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup() -> dict[str, Any]:
    partnership = PartnershipFactory.create()
    coordinator = member(partnership, Role.COORDINATOR)
    total = MeasureFactory.create(partnership=partnership, name="Total crime")
    burglary = MeasureFactory.create(partnership=partnership, name="Domestic burglary")
    return {"p": partnership, "by": coordinator, "total": total, "burglary": burglary}


def run(setup: dict[str, Any], content: str | bytes, **kwargs: Any) -> Any:
    data = content.encode() if isinstance(content, str) else content
    return measure_values_import(partnership=setup["p"], by=setup["by"],
                                 stream=io.BytesIO(data), **kwargs)


GOOD = ("measure,period,value,comparator_value\n"
        "Total crime,2015/16,4746,\n"
        "Total crime,2016/17,5433,\n"
        "domestic burglary,2016/17 Q3,96,80\n")


def test_good_file_imports_every_row(setup: dict[str, Any]) -> None:
    outcome = run(setup, GOOD)
    assert outcome.ok and (outcome.new, outcome.updated, outcome.unchanged) == (3, 0, 0)
    values = {(v.measure.name, v.period): v for v in MeasureValue.objects.all()}
    assert values[("Total crime", "2016/17")].value == Decimal("5433")
    quarter = values[("Domestic burglary", "2016/17-Q3")]
    assert quarter.comparator_value == Decimal("80")
    assert str(quarter.period_start) == "2016-10-01"


def test_reimport_updates_and_reports_unchanged(setup: dict[str, Any]) -> None:
    run(setup, GOOD)
    outcome = run(setup, GOOD.replace("5433", "5500"))
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 2)
    change = next(c for c in outcome.changes if not c["new"])
    assert (change["old_value"], change["value"]) == (Decimal("5433"), Decimal("5500"))
    assert MeasureValue.objects.get(measure=setup["total"], period="2016/17").value == 5500


def test_dry_run_saves_nothing_but_reports_changes(setup: dict[str, Any]) -> None:
    outcome = run(setup, GOOD, dry_run=True)
    assert outcome.new == 3
    assert [c["row"] for c in outcome.changes] == [2, 3, 4]
    assert MeasureValue.objects.count() == 0


def test_bad_row_applies_nothing_and_names_row_and_column(setup: dict[str, Any]) -> None:
    value(setup["total"], "2014/15", 4000)
    bad = GOOD + "Total crime,2013/14,lots,\nNo such measure,2016/17,1,\n"
    with pytest.raises(ImportRefused) as refused:
        run(setup, bad)
    errors = [str(e) for e in refused.value.outcome.errors]
    assert any(e.startswith("C5 (“Total crime”, column “value”): “lots” is not a number") for e in errors)
    assert any(e.startswith("A6 (“No such measure”, column “measure”): There is no measure called "
                            "“No such measure”") for e in errors)
    assert MeasureValue.objects.count() == 1  # only the figure that was there before


def test_bad_period_and_missing_value(setup: dict[str, Any]) -> None:
    outcome = run(setup, "measure,period,value\nTotal crime,2016/18,1\nTotal crime,2016/17 H1,2\n"
                         "Total crime,2016/17,\n", dry_run=True)
    messages = {(e.row, e.column) for e in outcome.errors}
    assert messages == {(2, "period"), (3, "period"), (4, "value")}


def test_duplicate_rows_are_refused(setup: dict[str, Any]) -> None:
    outcome = run(setup, "measure,period,value\nTotal crime,2016/17,1\nTOTAL CRIME,2016/17,2\n",
                  dry_run=True)
    assert [str(e) for e in outcome.errors] == [
        "B3 (“TOTAL CRIME”, column “period”): “Total crime” already has a 2016/17 figure in row 2."]


def test_unknown_measures_created_only_when_asked(setup: dict[str, Any]) -> None:
    content = "measure,period,value\nHate crime,2016/17 Q1,20\n"
    with pytest.raises(ImportRefused):
        run(setup, content)
    assert not PerformanceMeasure.objects.filter(name="Hate crime").exists()
    outcome = run(setup, content, create_measures=True)
    assert outcome.created_measures == ["Hate crime"]
    created = PerformanceMeasure.objects.get(name="Hate crime")
    assert created.partnership == setup["p"] and created.frequency == "quarterly"


def test_measures_created_in_a_failed_import_are_rolled_back(setup: dict[str, Any]) -> None:
    with pytest.raises(ImportRefused):
        run(setup, "measure,period,value\nNew one,2016/17,1\nTotal crime,2016/17,x\n",
            create_measures=True)
    assert not PerformanceMeasure.objects.filter(name="New one").exists()


@pytest.mark.parametrize(("content", "message"), [
    ("measure,period,figure\nTotal crime,2016/17,1\n", "missing “value”; unexpected “figure”"),
    ("name,when,value\n", "missing “measure”, “period”"),
    ("measure,period,value,value\n", "a column is repeated"),
    ("", "The selected file is empty."),
])
def test_wrong_columns_are_refused(setup: dict[str, Any], content: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        run(setup, content if content else b"")
    assert message in " ".join(error.value.messages)


@pytest.mark.parametrize("content", [b"%PDF-1.4\n%binary", b"\x89PNG\r\n\x1a\n\x00\x00",
                                     b"PK\x03\x04not really a zip"])
def test_wrong_file_type_is_refused(setup: dict[str, Any], content: bytes) -> None:
    with pytest.raises(ValidationError) as error:
        run(setup, content)
    assert "must be a CSV or an Excel (.xlsx) spreadsheet" in error.value.messages[0]


def test_huge_file_is_refused_before_parsing(setup: dict[str, Any], settings: Any) -> None:
    settings.MEASURE_IMPORT_MAX_BYTES = 1024 * 1024
    content = GOOD + "Total crime,2016/17,1\n" * 60_000
    with pytest.raises(ValidationError) as error:
        run(setup, content)
    assert "must be smaller than 1 MB" in error.value.messages[0]


def test_too_many_rows_is_refused(setup: dict[str, Any], settings: Any) -> None:
    settings.MEASURE_IMPORT_MAX_ROWS = 2
    with pytest.raises(ValidationError) as error:
        run(setup, GOOD)
    assert "more than 2 rows" in error.value.messages[0]


def test_xlsx_file_imports(setup: dict[str, Any]) -> None:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["measure", "period", "value", "comparator_value"])
    sheet.append(["Total crime", "2016/17", 5433, 12.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = run(setup, buffer.getvalue())
    assert outcome.new == 1
    stored = MeasureValue.objects.get()
    assert (stored.value, stored.comparator_value) == (Decimal("5433"), Decimal("12.5"))


def test_only_coordinators_import(setup: dict[str, Any]) -> None:
    viewer = member(setup["p"], Role.BOARD_MEMBER)
    with pytest.raises(PermissionDenied):
        measure_values_import(partnership=setup["p"], by=viewer, stream=io.BytesIO(GOOD.encode()))


def test_command_imports_and_reports(setup: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("import_measures", str(path), "--partnership", setup["p"].slug,
                 "--as", setup["by"].email, stdout=out)
    assert "Imported 3 rows: 3 new, 0 updated, 0 unchanged." in out.getvalue()
    assert MeasureValue.objects.count() == 3


def test_command_refuses_bad_file_and_applies_nothing(setup: dict[str, Any],
                                                      tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text(GOOD + "Total crime,2013/14,oops,\n")
    with pytest.raises(CommandError) as error:
        call_command("import_measures", str(path), "--partnership", setup["p"].slug,
                     "--as", setup["by"].email)
    assert "C5 (“Total crime”, column “value”)" in str(error.value)
    assert MeasureValue.objects.count() == 0


def test_command_creates_measures_with_flag(setup: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text("measure,period,value\nCyber crime,2016/17,66\n")
    call_command("import_measures", str(path), "--partnership", setup["p"].slug,
                 "--create-measures", "--as", setup["by"].email, stdout=io.StringIO())
    assert MeasureValue.objects.get().measure.name == "Cyber crime"


def test_command_unknown_partnership(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text(GOOD)
    with pytest.raises(CommandError, match="no partnership"):
        call_command("import_measures", str(path), "--partnership", "nowhere")


def test_old_excel_and_non_utf8_csv_get_their_own_messages(setup: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as error:
        run(setup, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    assert "Old Excel (.xls)" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        run(setup, "measure,period,value\nBudget £,2016/17,1\n".encode("cp1252"))
    assert "must be saved as UTF-8" in error.value.messages[0]
