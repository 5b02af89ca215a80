"""One safe way to open an uploaded spreadsheet (XLSX or CSV): a hostile file cannot sink us.

Every import reads its file through `read_xlsx_rows` or `read_csv_rows`, which refuse, with a
clear message and before parsing the bulk of the file:

- a zip (XLSX) whose members would inflate beyond `max_uncompressed` bytes in total, or whose
  larger members compress better than `max_ratio` to 1 (a "zip bomb", e.g. a 400 KB file whose
  shared strings inflate to 400 MB): checked from `zipfile.ZipFile.infolist()`, nothing inflated;
- a sheet whose declared dimension (`<dimension ref="A1:BXX5000">`) exceeds the row or column
  cap;
- more rows or wider rows than the caps, counted while streaming (openpyxl read-only mode), so a
  file that lies about its dimension stops at the first row over the limit.

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


def _dimension_of(sheet: Any) -> tuple[int, int] | None:
    """(rows, columns) the sheet declares, or None when it does not say."""
    from openpyxl.utils.cell import range_boundaries

    try:
        ref = sheet.calculate_dimension()
        _min_col, _min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError, AttributeError):
        return None
    if max_col is None or max_row is None:
        return None
    return max_row, max_col


def read_xlsx_rows(stream: IO[bytes], limits: Limits) -> list[list[Any]]:
    """The first sheet's rows (header first), values only, within the limits."""
    from openpyxl import load_workbook

    check_zip(stream, limits)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types on malformed files: all "not XLSX"
        raise ValidationError(NOT_XLSX) from error
    try:
        sheet = workbook.active or workbook.worksheets[0]
        declared = _dimension_of(sheet)
        if declared is not None:
            if declared[0] > limits.max_rows + 1:
                raise _too_many_rows(limits)
            if declared[1] > limits.max_columns:
                raise _too_many_columns(limits)
        rows: list[list[Any]] = []
        try:
            for row in sheet.iter_rows(values_only=True):
                _check_row(len(rows), len(row), row, limits)
                rows.append(list(row[: limits.max_columns]))
        except ValidationError:
            raise
        except Exception as error:  # a damaged sheet part
            raise ValidationError(NOT_XLSX) from error
        return rows
    finally:
        workbook.close()


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
    from .exports import FORMULA_PREFIXES

    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:2] and text[1:2] in FORMULA_PREFIXES:
        text = text[1:]
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
