"""Reading a measure-values spreadsheet (CSV or XLSX) into rows, with clear refusals.

The type is read from the content, never trusted from the name; size and row count are
capped so a huge file is refused before it is parsed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError

from partnership.spreadsheets import NOT_XLSX, Limits, read_csv_rows, read_xlsx_rows

from .resources import COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def max_bytes() -> int:
    return int(getattr(settings, "MEASURE_IMPORT_MAX_BYTES", 5 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "MEASURE_IMPORT_MAX_ROWS", 50_000))


@dataclass
class RowError:
    row: int | None  # spreadsheet row (the header is row 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column “{self.column}”")
        return (", ".join(where) + ": " if where else "") + self.message


@dataclass
class ImportOutcome:
    total_rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    created_measures: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, count // 1024)} KB"


OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_kind(head: bytes) -> str | None:
    """'xlsx', 'xls' (refused with its own message), 'csv' or None, from the first bytes."""
    if head[:4] == b"PK\x03\x04":
        return "xlsx"
    if head[:8] == OLD_EXCEL:
        return "xls"
    if b"\x00" in head:
        return None
    if head.lstrip()[:5] in (b"%PDF-",) or head[:4] in (b"\x89PNG", b"GIF8") \
            or head[:3] == b"\xff\xd8\xff":
        return None
    return "csv"  # text; its encoding is checked when it is read


def read_dataset(stream: IO[bytes], *, name: str = "upload", size: int | None = None) -> tablib.Dataset:
    """Read an uploaded CSV or XLSX file; raise ValidationError with a specific message."""
    limit = max_bytes()
    if size is None:
        stream.seek(0, io.SEEK_END)
        size = stream.tell()
    stream.seek(0)
    if size == 0:
        raise ValidationError("The selected file is empty.")
    if size > limit:
        raise ValidationError(
            f"The selected file is {_size(size)}: it must be smaller than {_size(limit)}. "
            "Split it into smaller files.")
    head = stream.read(4096)
    stream.seek(0)
    kind = sniff_kind(head)
    if kind == "xls":
        raise ValidationError("Old Excel (.xls) files cannot be read: save it as an Excel "
                              "workbook (.xlsx) or as CSV, then upload it again.")
    if kind is None:
        raise ValidationError("The selected file must be a CSV or an Excel (.xlsx) "
                              "spreadsheet. Its contents are neither.")
    if kind == "xlsx":
        rows = _xlsx_rows(stream)
    else:
        try:
            text = stream.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The CSV file must be saved as UTF-8 text (in Excel: "
                                  "Save as, “CSV UTF-8”).") from None
        rows = read_csv_rows(text, _limits())
    return _dataset(rows)


def _limits() -> Limits:
    return Limits(max_rows=max_rows(), max_columns=50)


def _xlsx_rows(stream: IO[bytes]) -> list[list[Any]]:
    """Through the shared safe reader: zip size and ratio, sheet dimension, rows counted."""
    try:
        rows = read_xlsx_rows(stream, _limits())
    except ValidationError as error:
        if error.message == NOT_XLSX:
            raise ValidationError("The selected file must be a CSV or an Excel (.xlsx) "
                                  "spreadsheet. It could not be opened as either.") from None
        raise
    return [[_xlsx_cell(v) for v in row] for row in rows]


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    if value is None:
        return ""
    return str(value)


def _dataset(rows: list[list[Any]]) -> tablib.Dataset:
    while rows and not any(str(c).strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise ValidationError("The selected file is empty.")
    header = [str(c).strip().lower() for c in rows[0]]
    while header and header[-1] == "":
        header.pop()
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS]
    if missing or unknown or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append("missing " + ", ".join(f"“{c}”" for c in missing))
        if unknown:
            parts.append("unexpected " + ", ".join(f"“{c or '(blank)'}”" for c in unknown))
        if len(set(header)) != len(header):
            parts.append("a column is repeated")
        raise ValidationError(
            "The first row must name the columns measure, period, value and (optionally) "
            f"comparator_value: {'; '.join(parts)}.")
    data = rows[1:]
    if len(data) > max_rows():
        raise ValidationError(f"The file has more than {max_rows():,} rows. "
                              "Split it into smaller files.")
    dataset = tablib.Dataset(headers=[*header, *[c for c in OPTIONAL_COLUMNS if c not in header]])
    width = len(header)
    for row in data:
        cells = [("" if c is None else c) for c in list(row)[:width]]
        cells += [""] * (width - len(cells))
        dataset.append(cells + [""] * (len(dataset.headers) - width))
    return dataset
