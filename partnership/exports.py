"""Spreadsheet exports shared by every app. Every cell goes through :func:`neutralise`.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can run as a
formula when opened in Excel (CSV/formula injection); such text gets a leading apostrophe so
it shows as typed. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """Make text inert for spreadsheets; leave numbers, dates and None alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[Any]]
    money_columns: Sequence[int] = ()
    # A protective marking ("OFFICIAL-SENSITIVE..."): the first row of the sheet (the header
    # then comes second), the printed page's header and the file's properties.
    marking: str = ""


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal | int | float | datetime.date) or value is None:
        return value
    return neutralise(str(value))


def write_csv(sheet: Sheet, stream: io.TextIOBase | Any) -> None:
    writer = csv.writer(stream)
    if sheet.marking:
        writer.writerow([neutralise(sheet.marking)])
    writer.writerow([neutralise(h) for h in sheet.header])
    for row in sheet.rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    if workbook.active is not None:
        workbook.remove(workbook.active)  # type: ignore[arg-type]
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        header_row = 1
        if sheet.marking:
            ws.append([neutralise(sheet.marking)])
            ws["A1"].font = Font(bold=True, color="C00000")
            ws.oddHeader.center.text = sheet.marking
            ws.oddFooter.center.text = sheet.marking
            workbook.properties.category = sheet.marking
            workbook.properties.keywords = sheet.marking
            header_row = 2
        ws.append([neutralise(h) for h in sheet.header])
        for cell in ws[header_row]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            ws.append([_cell(v) for v in row])
        for column in sheet.money_columns:
            for (cell,) in ws.iter_rows(min_row=header_row + 1, min_col=column + 1, max_col=column + 1):
                cell.number_format = "#,##0.00"
        # Formula-looking text was already neutralised; make sure nothing is typed as a formula.
        for row_cells in ws.iter_rows(min_row=1):
            for cell in row_cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(sheet: Sheet) -> str:
    buffer = io.StringIO()
    write_csv(sheet, buffer)
    return buffer.getvalue()


def download(filename: str, content: bytes | str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_download(filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    return download(filename, xlsx_bytes(sheets), XLSX_CONTENT_TYPE)


def csv_download(filename: str, sheet: Sheet) -> HttpResponse:
    return download(filename, csv_text(sheet), "text/csv; charset=utf-8")
