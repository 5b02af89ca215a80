"""One safe way to open an uploaded spreadsheet (XLSX or CSV): a hostile file cannot sink us.

Every import reads its file through `read_xlsx_rows` or `read_csv_rows`, which refuse, with a
clear message and before parsing the bulk of the file:

- a zip (XLSX) whose members would inflate beyond `max_uncompressed` bytes in total, or whose
  larger members compress better than `max_ratio` to 1 (a "zip bomb", e.g. a 400 KB file whose
  shared strings inflate to 400 MB): checked from `zipfile.ZipFile.infolist()`, nothing inflated;
- a sheet whose declared dimension (`<dimension ref="A1:BXX5000">`) exceeds the row or column
  cap;
- more rows or wider rows than the caps, counted while streaming the sheet's XML, so a file
  that lies about its dimension stops at the first row over the limit;
- any XML part that declares a DTD or an entity (entity expansion, external entities).

The sheet is streamed with the standard library's C XML parser (see ``_sheet_rows``): the
values are the ones openpyxl's read-only mode gives, at a third of its CPU time.

CSV is read row by row with the same caps. The callers (the measure import, the action-plan
import) choose the caps; the defaults suit a partnership's plans and performance figures.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError

from .exports import FORMULA_PREFIXES

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_rows: int = 50_000  # data rows, not counting the header
    max_columns: int = 50
    max_uncompressed: int = 50 * MB  # the XLSX's members, inflated, in total
    max_ratio: int = 100  # inflated/compressed, for members larger than ratio_floor
    ratio_floor: int = 1 * MB


def _too_many_rows(limits: Limits) -> ValidationError:
    return ValidationError(f"The file has more than {limits.max_rows:,} rows. "
                           "Split it into smaller files.")


def _too_many_columns(limits: Limits) -> ValidationError:
    return ValidationError(f"The file has more than {limits.max_columns:,} columns. "
                           "Remove the extra columns and upload it again.")


NOT_XLSX = ("The selected file must be an Excel (.xlsx) spreadsheet. "
            "It could not be opened as one.")


def check_zip(stream: IO[bytes], limits: Limits) -> None:
    """Refuse a zip that would inflate too far, reading only its central directory."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(NOT_XLSX) from None
    finally:
        stream.seek(0)
    total = sum(member.file_size for member in members)
    bomb = any(member.file_size > limits.ratio_floor
               and member.file_size > limits.max_ratio * max(member.compress_size, 1)
               for member in members)
    if total > limits.max_uncompressed or bomb:
        raise ValidationError(
            "The spreadsheet is too large once opened (it holds more than "
            f"{limits.max_uncompressed // MB} MB of cells, or is packed suspiciously tightly). "
            "Split it into smaller files, or save it as CSV.")


# --- The XLSX reader ------------------------------------------------------------------------
#
# The first sheet is streamed from the zip with the standard library's C XML parser
# (xml.etree.ElementTree.iterparse): the workbook, its relationships, the styles (which cells
# hold dates) and the shared strings first, then the sheet row by row. Every value is the one
# openpyxl's read-only mode (``load_workbook(read_only=True, data_only=True)``, ``values_only``)
# gives, several times faster. Entity attacks: a part that declares a DTD or an entity is
# refused (``_Guarded``), and expat's own limits stop an amplification anyway; no external
# entity or URL is ever fetched.

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ROW, _CELL, _VALUE, _DIMENSION = f"{_MAIN}row", f"{_MAIN}c", f"{_MAIN}v", f"{_MAIN}dimension"
_INLINE, _TEXT, _RUN, _SI = f"{_MAIN}is", f"{_MAIN}t", f"{_MAIN}r", f"{_MAIN}si"
_DIGITS = "0123456789"


class _Refused(Exception):
    """The file is not a spreadsheet we read (a DTD or entity declaration, a missing part)."""


class _Guarded(io.RawIOBase):
    """A zip member read through a check: no DTD, no entity declarations (an XLSX part never
    has one; refusing them is the whole defence against entity expansion attacks)."""

    def __init__(self, member: IO[bytes]) -> None:
        self._member = member
        self._tail = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._member.read(len(buffer))
        window = self._tail + data
        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
            raise _Refused("DTD")
        self._tail = window[-8:]
        buffer[: len(data)] = data
        return len(data)


def _parse(archive: zipfile.ZipFile, name: str) -> Any:
    from xml.etree.ElementTree import XMLParser, parse

    with archive.open(name) as member:
        # _Guarded refuses DTDs and entity declarations: nothing for an XML attack to use.
        parser = XMLParser(encoding="utf-8")  # noqa: S314  # nosec B314
        return parse(_Guarded(member), parser=parser).getroot()  # noqa: S314  # nosec B314


def _iterparse(archive: zipfile.ZipFile, name: str) -> Iterator[tuple[str, Any]]:
    from xml.etree.ElementTree import XMLParser, iterparse

    with archive.open(name) as member:
        parser = XMLParser(encoding="utf-8")  # noqa: S314  # nosec B314
        yield from iterparse(_Guarded(member), events=("end",),  # noqa: S314  # nosec B314
                             parser=parser)


def _part(base: str, target: str) -> str:
    """A relationship's target as a zip member name (relative to the part's folder, or
    absolute from the package root)."""
    import posixpath

    if target.startswith("/"):
        return target[1:]
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, member name) of a part."""
    import posixpath

    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.NameToInfo:
        return {}
    return {rel.get("Id", ""): (rel.get("Type", ""), _part(part, rel.get("Target", "")))
            for rel in _parse(archive, rels).iter(f"{_PKG_REL}Relationship")}


@dataclass
class _Book:
    sheet: str  # the zip member of the sheet to read
    strings: list[str]
    dates: frozenset[int]  # style ids of date formats
    durations: frozenset[int]  # style ids of time-delta formats ([h]:mm)
    epoch: Any


def _book(archive: zipfile.ZipFile) -> _Book:
    """The active sheet (as openpyxl's ``workbook.active or workbook.worksheets[0]``), the
    shared strings, the date styles and the date system of a workbook."""
    from openpyxl.styles.numbers import (
        BUILTIN_FORMATS,
        is_date_format,
        is_timedelta_format,
    )
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    workbook_part = next((target for kind, target in _relationships(archive, "").values()
                          if kind.endswith("/officeDocument")), "xl/workbook.xml")
    root = _parse(archive, workbook_part)
    rels = _relationships(archive, workbook_part)
    properties = root.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    view = root.find(f"{_MAIN}bookViews/{_MAIN}workbookView")
    active = int(view.get("activeTab", "0")) if view is not None else 0
    sheets = []  # worksheets and chartsheets, in order (present in the zip only)
    for sheet in root.iter(f"{_MAIN}sheet"):
        kind, target = rels.get(sheet.get(f"{_REL}id", ""), ("", ""))
        if target in archive.NameToInfo:
            sheets.append((kind, target))
    worksheets = [target for kind, target in sheets if kind.endswith("/worksheet")]
    if 0 <= active < len(sheets) and sheets[active][1] in worksheets:
        chosen = sheets[active][1]
    elif worksheets:
        chosen = worksheets[0]
    else:
        raise _Refused("no worksheet")
    parts = {kind.rsplit("/", 1)[-1]: target for kind, target in rels.values()}

    strings: list[str] = []
    if parts.get("sharedStrings") in archive.NameToInfo:
        for _, element in _iterparse(archive, parts["sharedStrings"]):
            if element.tag == _SI:
                strings.append(_text_of(element).replace("x005F_", ""))
                element.clear()

    dates: set[int] = set()
    durations: set[int] = set()
    if parts.get("styles") in archive.NameToInfo:
        styles = _parse(archive, parts["styles"])
        custom = {fmt.get("numFmtId"): fmt.get("formatCode")
                  for fmt in styles.iter(f"{_MAIN}numFmt")}
        cell_formats = styles.find(f"{_MAIN}cellXfs")
        for index, xf in enumerate(() if cell_formats is None else cell_formats
                                   .iter(f"{_MAIN}xf")):
            number = xf.get("numFmtId", "0")
            code = custom.get(number)
            if code is None and number.isdigit():
                code = BUILTIN_FORMATS.get(int(number))
            if is_date_format(code):
                dates.add(index)
            if is_timedelta_format(code):
                durations.add(index)
    return _Book(sheet=chosen, strings=strings, dates=frozenset(dates),
                 durations=frozenset(durations),
                 epoch=CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)


def _text_of(element: Any) -> str:
    """A string item's text (``<t>``, or the ``<t>`` of each rich-text run; phonetic
    guides left out), as openpyxl's ``Text.content``."""
    parts = []
    for child in element:
        if child.tag == _TEXT:
            if child.text:
                parts.append(child.text)
        elif child.tag == _RUN:
            text = child.find(_TEXT)
            if text is not None and text.text:
                parts.append(text.text)
    return "".join(parts)


def _column(reference: str, cache: dict[str, int]) -> int:
    """The column number of a cell reference ("C7" -> 3)."""
    letters = reference.rstrip(_DIGITS)
    number = cache.get(letters)
    if number is None:
        from openpyxl.utils.cell import column_index_from_string

        number = cache[letters] = column_index_from_string(letters)
    return number


def _sheet_rows(archive: zipfile.ZipFile, book: _Book, limits: Limits) -> Iterator[tuple[Any, ...]]:
    """The sheet's rows as openpyxl's read-only ``iter_rows(values_only=True)`` gives them:
    missing rows and cells are None, every row as wide as the declared dimension (or up to its
    last cell when there is none). The declared dimension is checked against the limits as
    soon as it is read, before any row."""
    from openpyxl.utils.cell import range_boundaries
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    strings, dates, durations, epoch = book.strings, book.dates, book.durations, book.epoch
    columns: dict[str, int] = {}
    when: dict[tuple[Any, bool], Any] = {}
    max_row: int | None = None
    max_col: int | None = None
    empty: tuple[Any, ...] = ()
    expected = 1  # the next row number to give
    row_number = 0
    for _, element in _iterparse(archive, book.sheet):
        tag = element.tag
        if tag == _ROW:
            number = element.get("r")
            if number is None:
                row_number += 1
            else:
                try:
                    row_number = int(number)
                except ValueError:
                    as_float = float(number)
                    if not as_float.is_integer():
                        raise ValueError(f"{number} is not a valid row number") from None
                    row_number = int(as_float)
            if max_row is not None and row_number > max_row:
                while expected <= max_row:  # the rest of the declared rows
                    expected += 1
                    yield empty
                break
            while expected < row_number:  # rows the file leaves out
                expected += 1
                yield empty
            if expected > row_number:  # a row number given twice, or going back
                element.clear()
                continue
            expected += 1
            cells: list[tuple[int, Any]] = []
            column = 0
            for cell in element:
                if cell.tag != _CELL:
                    continue
                reference = cell.get("r")
                column = _column(reference, columns) if reference else column + 1
                kind = cell.get("t", "n")
                value: Any = None
                if kind == "inlineStr":
                    text = cell.find(_INLINE)
                    if text is not None:
                        value = _text_of(text)
                else:
                    raw = cell.findtext(_VALUE)
                    if raw:
                        if kind == "n":
                            value = (float(raw) if "." in raw or "E" in raw or "e" in raw
                                     else int(raw))
                            style = cell.get("s")
                            if style and int(style) in dates:
                                delta = int(style) in durations
                                key = (value, delta)
                                if key not in when:
                                    try:
                                        when[key] = from_excel(value, epoch, timedelta=delta)
                                    except (OverflowError, ValueError):
                                        when[key] = "#VALUE!"
                                value = when[key]
                        elif kind == "s":
                            value = strings[int(raw)]
                        elif kind == "b":
                            value = bool(int(raw))
                        elif kind == "d":
                            value = from_ISO8601(raw)
                        else:  # "str" (a formula's text), "e" (an error such as #N/A)
                            value = raw
                cells.append((column, value))
            element.clear()
            if not cells and not max_col:
                yield ()
                continue
            width = max_col or cells[-1][0]
            row: list[Any] = [None] * width
            for column, value in cells:
                if 1 <= column <= width:
                    row[column - 1] = value
            yield tuple(row)
        elif tag == _DIMENSION:
            _min_col, _min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
            if max_col is not None and max_row is not None:
                if max_row > limits.max_rows + 1:
                    raise _too_many_rows(limits)
                if max_col > limits.max_columns:
                    raise _too_many_columns(limits)
            if max_col is not None:
                empty = (None,) * max_col


def read_xlsx_rows(stream: IO[bytes], limits: Limits) -> list[list[Any]]:
    """The first sheet's rows (header first), values only, within the limits."""
    check_zip(stream, limits)
    rows: list[list[Any]] = []
    try:
        with zipfile.ZipFile(stream) as archive:
            book = _book(archive)
            for row in _sheet_rows(archive, book, limits):
                _check_row(len(rows), len(row), row, limits)
                rows.append(list(row[: limits.max_columns]))
    except ValidationError:
        raise
    except Exception as error:  # malformed XML, a missing or damaged part: all "not XLSX"
        raise ValidationError(NOT_XLSX) from error
    return rows


def _check_row(count: int, width: int, row: Any, limits: Limits) -> None:
    if count > limits.max_rows:
        raise _too_many_rows(limits)
    if width > limits.max_columns and any(v not in (None, "") for v in row[limits.max_columns:]):
        raise _too_many_columns(limits)


def read_csv_rows(text: str, limits: Limits) -> list[list[str]]:
    """CSV rows (header first), counted and width-checked while reading."""
    rows: list[list[str]] = []
    reader: Iterator[list[str]] = csv.reader(io.StringIO(text))
    try:
        for row in reader:
            _check_row(len(rows), len(row), row, limits)
            rows.append(row[: limits.max_columns])
    except csv.Error as error:
        raise ValidationError(f"The CSV file could not be read: {error}.") from None
    return rows


# --- Reading our own typed exports back (the action plan and the measure figures) ---------

@dataclass
class RowWarning:
    """Something an import will not do, said in the preview before it runs (an edit to a
    read-only column, a row missing from the file)."""

    message: str
    row: int | None = None
    column: str = ""
    cell: str = ""  # the Excel cell, e.g. "J7"
    reference: str = ""  # what the row is about: an action's reference, a measure's name


def header_names(row: Sequence[Any]) -> list[str]:
    return [str(h).strip() if h is not None else "" for h in row]


def find_header_row(rows: Sequence[Sequence[Any]], *, marker: str,
                    normalise: Any = str) -> int:
    """The header's row number: 1, or 2 when row 1 is the title row of our typed export
    (the full plan or partnership name) and row 2 holds ``marker``."""
    def names(row: Sequence[Any]) -> list[str]:
        return [normalise(name) for name in header_names(row)]

    if rows and marker not in names(rows[0]) and len(rows) > 1 and marker in names(rows[1]):
        return 2
    return 1


def column_letters(header: Sequence[str]) -> dict[str, str]:
    """Each header's Excel column letter ("A", "B", …, "AA")."""
    from openpyxl.utils import get_column_letter

    return {name: get_column_letter(i + 1) for i, name in enumerate(header) if name}


def cell_text(value: Any) -> str:
    """A cell as the text a person typed: 12.0 → "12", our neutralising apostrophe dropped."""
    if value is None:
        return ""
    if value.__class__ is str:  # most cells: no conversion
        text = value.strip()
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_PREFIXES:
        text = text[1:]  # our own neutralising apostrophe
    return text


DATE_PATTERNS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y")


def cell_date(value: Any) -> datetime.date | None:
    """A cell as a date (a real Excel date, or text such as 31/03/2016); ValueError if not."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date: use a date like 31/03/2016.")
