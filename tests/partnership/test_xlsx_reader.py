"""The streaming XLSX reader (partnership.spreadsheets) gives the values openpyxl's read-only
mode gives, from a sheet written by hand the way Excel writes one (shared strings, rich text,
dates by style, booleans, errors, a formula's cached text, missing rows and cells), and
refuses XML with a DTD or entities (issue 15)."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from partnership.spreadsheets import Limits, read_xlsx_rows
from tests.spreadsheet_files import xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}"><dimension ref="A1:E4"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>
<c r="C1" t="inlineStr"><is><t xml:space="preserve"> padded </t></is></c><c r="E1" t="b"><v>1</v></c></row>
<row r="3"><c r="A3" s="1"><v>43831</v></c><c r="B3"><v>2.5</v></c><c r="C3"><v>7</v></c>
<c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="str"><f>A1&amp;B1</f><v>ab</v></c></row>
<row r="4"><c r="B4" t="d"><v>2021-06-30T00:00:00</v></c><c r="C4"><v>1E3</v></c>
<c r="D4" t="s"><v>2</v></c><c r="E4"/></row>
</sheetData><mergeCells count="1"><mergeCell ref="D4:E4"/></mergeCells></worksheet>"""
STRINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{MAIN}" count="3" uniqueCount="3"><si><t>Tom &amp; Jerry</t></si>
<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r>
<rPh sb="0" eb="1"><t>ignored</t></rPh></si><si><t>Merged</t></si></sst>"""
EXPECTED = [
    ["Tom & Jerry", "Bold and plain", " padded ", None, True],
    [None, None, None, None, None],  # row 2 is not in the file
    [datetime.datetime(2020, 1, 1), 2.5, 7, "#N/A", "ab"],
    [None, datetime.datetime(2021, 6, 30), 1000.0, "Merged", None],
]


def excel_like(sheet: str = SHEET, *, date1904: bool = False) -> bytes:
    """openpyxl's workbook (its styles: style 1 is a date) with the sheet above and a shared
    string table, declared in the content types and the workbook's relationships as Excel
    does."""
    template = xlsx([["x", datetime.date(2020, 1, 1)]])
    source = zipfile.ZipFile(io.BytesIO(template))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                    b"</Types>"))
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                    b'Id="rIdStrings"/></Relationships>'))
            elif info.filename == "xl/workbook.xml" and date1904:
                data = data.replace(b"<workbookPr/>", b'<workbookPr date1904="1"/>')
            target.writestr(info.filename, data)
        target.writestr("xl/sharedStrings.xml", STRINGS)
    return buffer.getvalue()


def openpyxl_rows(content: bytes) -> list[list[Any]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    sheet: Any = workbook.active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def test_the_values_are_openpyxls() -> None:
    content = excel_like()
    assert read_xlsx_rows(io.BytesIO(content), Limits()) == EXPECTED
    assert openpyxl_rows(content) == EXPECTED  # the reader it replaced reads the same


def test_without_a_dimension_each_row_ends_at_its_last_cell() -> None:
    content = excel_like(re.sub(r"<dimension [^>]*/>", "", SHEET))
    expected = [EXPECTED[0], [], EXPECTED[2], EXPECTED[3]]
    assert read_xlsx_rows(io.BytesIO(content), Limits()) == expected
    assert openpyxl_rows(content) == expected


def test_dates_in_the_1904_date_system() -> None:
    content = excel_like(date1904=True)
    rows = read_xlsx_rows(io.BytesIO(content), Limits())
    assert rows[2][0] == datetime.datetime(2024, 1, 2)  # serial 43831 counted from 1904
    assert openpyxl_rows(content)[2][0] == datetime.datetime(2024, 1, 2)


def test_a_declared_dimension_over_the_limits_is_refused_before_any_row() -> None:
    content = excel_like(SHEET.replace('ref="A1:E4"', 'ref="A1:E4000"'))
    with pytest.raises(ValidationError, match="more than 1,000 rows"):
        read_xlsx_rows(io.BytesIO(content), Limits(max_rows=1000))


@pytest.mark.parametrize("prolog", [
    # Billion laughs: entities expanding into entities.
    '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    # An external entity (a local file).
    '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    # A DTD alone.
    "<!DOCTYPE worksheet>",
])
def test_a_dtd_or_entity_in_the_sheet_is_refused(prolog: str) -> None:
    sheet = SHEET.replace("<worksheet ", prolog + "\n<worksheet ", 1)
    if "ENTITY a" in prolog:
        sheet = sheet.replace("<v>#N/A</v>", "<v>&b;</v>")
    with pytest.raises(ValidationError, match="could not be opened"):
        read_xlsx_rows(io.BytesIO(excel_like(sheet)), Limits())


def test_a_dtd_in_the_shared_strings_is_refused() -> None:
    content = excel_like()
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/sharedStrings.xml":
                data = data.replace(b"<sst ", b'<!DOCTYPE sst [<!ENTITY a "x">]><sst ', 1)
            target.writestr(info.filename, data)
    with pytest.raises(ValidationError, match="could not be opened"):
        read_xlsx_rows(io.BytesIO(buffer.getvalue()), Limits())


def test_our_export_of_10000_actions_is_within_the_import_limits() -> None:
    """Title row, header and 10,000 actions: 10,002 rows declared; one more is refused."""
    from actionplans.resources import read_rows

    def declared(rows: int) -> bytes:
        content = xlsx([["Plan (2015/16)"], ["ID", "Reference"], [1, "P1"]])
        source = zipfile.ZipFile(io.BytesIO(content))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = re.sub(rb'<dimension ref="[^"]*"/>',
                                  b'<dimension ref="A1:B%d"/>' % rows, data)
                target.writestr(info.filename, data)
        return buffer.getvalue()

    assert read_rows(declared(10_002))[:2] == (2, ["ID", "Reference"])
    with pytest.raises(ValidationError, match="more than 10,001 rows"):
        read_rows(declared(10_003))
