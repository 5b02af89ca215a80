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
        if sheet.marking:
            marking = WriteOnlyCell(ws, value=neutralise(sheet.marking))
            marking.font = Font(bold=True, color="C00000")
            ws.append([marking])
            ws.oddHeader.center.text = sheet.marking
            ws.oddFooter.center.text = sheet.marking
            workbook.properties.category = sheet.marking
            workbook.properties.keywords = sheet.marking
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


# --- Typed workbooks for a round trip (export, edit in Excel, import) ----------------------

@dataclass
class Column:
    """One column of a typed sheet.

    ``read_only`` is the note shown on a column the import does not apply (grey header, a cell
    note, cells locked); ``choices`` become a dropdown (data validation)."""

    header: str
    width: int = 16
    number_format: str | None = None
    read_only: str = ""
    choices: Sequence[str] | None = None
    choices_label: str = ""
    # False: Excel warns about a value not in the list but accepts it (e.g. a new measure's
    # name, which the import can create).
    choices_strict: bool = True


@dataclass
class TypedSheet:
    name: str  # the worksheet's name (at most 31 characters)
    heading: str  # the title row above the header (e.g. the full plan name)
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    blank_rows: int = 200  # editable rows below the data, for new entries


READ_ONLY_FILL = "D9D9D9"
DATE_FORMAT = "DD/MM/YYYY"


def typed_xlsx_bytes(sheet: TypedSheet) -> bytes:
    """One sheet typed for Excel, written in openpyxl's write-only mode (rows stream out):
    real dates and numbers, column widths, the header frozen under a title row, an autofilter,
    dropdowns for the columns with choices (their lists on a hidden sheet), and the columns an
    import ignores marked read-only (grey header with a note, cells locked; the sheet is
    protected without a password so anyone can lift it, and filtering and sorting stay on)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook(write_only=True)
    ws: Any = workbook.create_sheet(title=sheet.name[:31])
    lists: Any = None
    width = len(sheet.columns)
    unlocked, locked = Protection(locked=False), Protection(locked=True)
    grey = PatternFill("solid", fgColor=READ_ONLY_FILL)
    for number, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(number)
        ws.column_dimensions[letter].width = column.width
        if not column.read_only:  # new rows typed below the data stay editable
            ws.column_dimensions[letter].protection = unlocked
    ws.freeze_panes = "A3"
    ws.protection.sheet = True  # no password: Review → Unprotect Sheet lifts it
    ws.protection.autoFilter = False
    ws.protection.sort = False
    ws.protection.formatColumns = False

    rows = list(sheet.rows)
    last_row = 2 + len(rows) + sheet.blank_rows
    ws.auto_filter.ref = f"A2:{get_column_letter(width)}{2 + max(len(rows), 1)}"
    list_column = 0
    for number, column in enumerate(sheet.columns, start=1):
        if not column.choices:
            continue
        if lists is None:
            lists = workbook.create_sheet(title="Lists")
            lists.sheet_state = "hidden"
        list_column += 1
        letter = get_column_letter(list_column)
        validation = DataValidation(
            type="list", allow_blank=True, showErrorMessage=True,
            formula1=f"{quote_sheetname('Lists')}!${letter}$1:${letter}${len(column.choices)}",
            errorTitle=column.header, errorStyle="stop" if column.choices_strict else "warning",
            error=f"Choose {column.choices_label or 'a value'} from the list.")
        target = get_column_letter(number)
        validation.add(f"{target}3:{target}{last_row}")
        ws.data_validations.append(validation)
    if lists is not None:
        choice_lists = [list(c.choices) for c in sheet.columns if c.choices]
        for index in range(max(len(c) for c in choice_lists)):
            lists.append([neutralise(c[index]) if index < len(c) else None for c in choice_lists])

    title = WriteOnlyCell(ws, neutralise(sheet.heading))
    title.font = Font(bold=True, size=14)
    title.protection = locked
    ws.append([title])
    header = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, neutralise(column.header))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.protection = locked
        if column.read_only:
            cell.fill = grey
            cell.comment = Comment(f"Read only: {column.read_only}", "CSP portal",
                                   width=240, height=80)
        header.append(cell)
    ws.append(header)
    # The data rows are written below (``_rows_xml``) with one style per column, registered
    # here: its number format, locked and grey when read-only, unlocked otherwise (and a date
    # format for dates in a column without one).
    styles: list[tuple[int, int]] = []
    for column in sheet.columns:
        ids = []
        for number_format in (column.number_format, column.number_format or DATE_FORMAT):
            template = WriteOnlyCell(ws)
            if number_format:
                template.number_format = number_format
            template.protection = locked if column.read_only else unlocked
            if column.read_only:
                template.fill = grey
            ids.append(template.style_id)
        styles.append((ids[0], ids[1]))
    data = _rows_xml(rows, styles, first_row=3, epoch=workbook.epoch)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _with_rows(buffer.getvalue(), ws.path.lstrip("/"), data)


def _rows_xml(rows: Sequence[Sequence[Any]], styles: Sequence[tuple[int, int]], *,
              first_row: int, epoch: datetime.datetime) -> bytes:
    """The sheet's data rows as SpreadsheetML, as openpyxl's write-only mode writes them
    (inline strings, dates as serial numbers), without a cell object per value: ten times
    faster on a big sheet. Text is neutralised (``_cell``) and escaped; characters XML cannot
    hold (control characters) are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    letters = [get_column_letter(n) for n in range(1, len(styles) + 1)]
    serials: dict[Any, str] = {}
    out: list[str] = []
    for number, row in enumerate(rows, start=first_row):
        out.append(f'<row r="{number}">')
        for letter, (style, date_style), raw in zip(letters, styles, row, strict=False):
            value = _cell(raw)
            ref = f"{letter}{number}"
            if value is None or value == "":
                out.append(f'<c r="{ref}" s="{style}"/>')
            elif isinstance(value, str):
                text = ILLEGAL_CHARACTERS_RE.sub("", value)
                space = ' xml:space="preserve"' if text != text.strip() else ""
                text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                        .replace("\r", "&#13;"))
                out.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t>'
                           "</is></c>")
            elif isinstance(value, bool):
                out.append(f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, datetime.date):
                serial = serials.get(value)
                if serial is None:
                    serial = serials[value] = format(float(to_excel(value, epoch)), ".16g")
                out.append(f'<c r="{ref}" s="{date_style}" t="n"><v>{serial}</v></c>')
            elif value != value or value in (float("inf"), float("-inf")):  # NaN, infinity
                out.append(f'<c r="{ref}" s="{style}"/>')
            else:
                shown = format(float(value), ".16g")  # as openpyxl writes numbers
                out.append(f'<c r="{ref}" s="{style}" t="n"><v>{shown}</v></c>')
        out.append("</row>")
    return "".join(out).encode()


def _with_rows(content: bytes, member: str, rows: bytes) -> bytes:
    """The workbook ``content`` with ``rows`` added at the end of the sheet ``member``'s data."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                head, end, tail = data.partition(b"</sheetData>")
                if not end:
                    raise ValueError(f"{member} has no sheet data")
                data = head + rows + end + tail
            target.writestr(info, data)
    return buffer.getvalue()
