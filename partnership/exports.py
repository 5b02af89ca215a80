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


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal | int | float | datetime.date) or value is None:
        return value
    return neutralise(str(value))


def write_csv(sheet: Sheet, stream: io.TextIOBase | Any) -> None:
    writer = csv.writer(stream)
    writer.writerow([neutralise(h) for h in sheet.header])
    for row in sheet.rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an XLSX file, streamed row by row (openpyxl's write-only mode: no cell
    objects kept, several times faster on big exports). The header is bold and money columns
    have a thousands format. Text was neutralised (``_cell``), so no cell is a formula:
    openpyxl only types text starting with "=" as one."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = workbook.create_sheet(title=sheet.title[:31])
        header = []
        for title in sheet.header:
            cell = WriteOnlyCell(ws, value=neutralise(title))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        money = frozenset(sheet.money_columns)
        for row in sheet.rows:
            values: list[Any] = [_cell(v) for v in row]
            for column in money:
                if column < len(values):
                    cell = WriteOnlyCell(ws, value=values[column])
                    cell.number_format = "#,##0.00"
                    values[column] = cell
            ws.append(values)
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
