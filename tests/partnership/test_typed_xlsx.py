"""The typed export's data rows (written as XML, not cell by cell): every kind of value comes
back from Excel's point of view (openpyxl reading the file) as it went in (issue 15)."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl import load_workbook

from partnership.exports import DATE_FORMAT, Column, TypedSheet, typed_xlsx_bytes

COLUMNS = [Column("Number", number_format="0", read_only="set elsewhere"), Column("Text"),
           Column("When"), Column("Amount", number_format="#,##0.00")]
ROWS: list[list[Any]] = [
    [1, "Tom & Jerry <b>", datetime.date(2016, 3, 31), Decimal("1234.50")],
    [2, "  spaces kept  ", datetime.datetime(2016, 4, 1, 12, 30), 2.25],
    [3, "=HYPERLINK(\"http://evil\")", None, None],
    [4, "bell\x07 gone, line\r\nbreak kept", "", float("nan")],
    [5, "Zoë – “quoted”", True, -7],
]


def _content() -> bytes:
    return typed_xlsx_bytes(TypedSheet(name="Plan", heading="The plan", columns=COLUMNS,
                                       rows=ROWS))


def _sheet() -> Any:
    return load_workbook(io.BytesIO(_content()))["Plan"]


def test_values_come_back_typed() -> None:
    sheet = _sheet()
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert values == [
        [1, "Tom & Jerry <b>", datetime.datetime(2016, 3, 31), 1234.5],
        [2, "  spaces kept  ", datetime.datetime(2016, 4, 1, 12, 30), 2.25],
        [3, "'=HYPERLINK(\"http://evil\")", None, None],
        [4, "bell gone, line\r\nbreak kept", None, None],
        [5, "Zoë – “quoted”", True, -7],
    ]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_each_cell_has_its_columns_format_and_protection() -> None:
    sheet = _sheet()
    assert [c.number_format for c in sheet[3]] == ["0", "General", DATE_FORMAT, "#,##0.00"]
    assert [c.number_format for c in sheet[5]] == ["0", "General", "General", "#,##0.00"]
    assert [c.protection.locked for c in sheet[4]] == [True, False, False, False]
    assert [c.fill.fgColor.rgb for c in sheet[6]] == ["00D9D9D9", "00000000", "00000000",
                                                     "00000000"]
    # The title and the header stay as they were: the header above the data, frozen.
    assert sheet["A1"].value == "The plan" and sheet["A1"].font.sz == 14
    assert [c.value for c in sheet[2]] == ["Number", "Text", "When", "Amount"]
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:D7"


def test_text_with_outer_spaces_is_marked_to_keep_them() -> None:
    """Excel trims text around a cell's value unless the XML says to preserve it."""
    with zipfile.ZipFile(io.BytesIO(_content())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert '<t xml:space="preserve">  spaces kept  </t>' in xml
    assert "<t>Tom &amp; Jerry &lt;b&gt;</t>" in xml
