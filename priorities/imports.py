"""Reading a measure-values spreadsheet (CSV or XLSX) into rows, with clear refusals.

The type is read from the content, never trusted from the name; size and row count are
capped so a huge file is refused before it is parsed. The file is either a plain one
(``measure,period,value[,comparator_value]``, header in row 1) or our typed export
(:func:`priorities.exports.measure_values_xlsx`: the partnership's name in row 1, the header
in row 2 and read-only columns the import never applies, kept aside for the preview's
warnings).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from partnership.periods import Period, PeriodError
from partnership.spreadsheets import (
    NOT_XLSX,
    Limits,
    RowWarning,
    cell_date,
    cell_text,
    column_letters,
    find_header_row,
    header_names,
    read_csv_rows,
    read_xlsx_rows,
)

from .resources import COLUMNS, OPTIONAL_COLUMNS, REQUIRED_COLUMNS

# The export's read-only columns (grey, locked): why the import leaves each alone. The header
# is matched without case, as the other columns are.
READ_ONLY_NOTES = {
    "period starts": "the date a period starts comes from its period.",
    "unit": "a measure's unit is set on the measure's page.",
    "comparator area": "a measure's comparator area is set on the measure's page.",
    "recorded on": "the date a figure was recorded is kept by the portal.",
}

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def max_bytes() -> int:
    return int(getattr(settings, "MEASURE_IMPORT_MAX_BYTES", 5 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "MEASURE_IMPORT_MAX_ROWS", 50_000))


@dataclass
class RowError:
    row: int | None  # spreadsheet row (counting the title row if any); None for the whole file
    column: str | None  # the column's header as the file has it
    message: str
    cell: str = ""  # the Excel cell, e.g. "C7"
    reference: str = ""  # the measure named on that row

    def __str__(self) -> str:
        where = self.cell or (f"Row {self.row}" if self.row is not None else "")
        about = ", ".join(part for part in (self.reference and f"“{self.reference}”",
                                            self.column and f"column “{self.column}”") if part)
        if where and about:
            where = f"{where} ({about})"
        return (f"{where}: " if where else "") + self.message


@dataclass
class ImportOutcome:
    total_rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    created_measures: list[str] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def to_import(self) -> bool:
        """True when confirming would change something."""
        return self.ok and bool(self.new or self.updated or self.created_measures)


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


@dataclass
class MeasureFile:
    """An uploaded file, read: the rows the import applies and what it keeps aside."""

    dataset: tablib.Dataset  # the imported columns, header names normalised
    header_row: int  # 1, or 2 below the export's title row
    titles: dict[str, str]  # normalised column name -> the header as the file has it
    letters: dict[str, str]  # normalised column name -> its Excel column letter
    read_only: list[dict[str, Any]]  # per data row: read-only column -> the raw cell
    numbers: list[int]  # per data row: its spreadsheet row (empty rows are skipped)
    exported: bool  # the file is our typed export (title row): rows missing are reported

    def row_number(self, index: int) -> int:
        """The spreadsheet row of the dataset's row ``index`` (0-based)."""
        if 0 <= index < len(self.numbers):
            return self.numbers[index]
        return self.header_row + 1 + index

    def where(self, index: int, column: str | None) -> dict[str, str]:
        """The cell, measure and column header of a data row's column, for an error."""
        measure = ""
        if 0 <= index < len(self.dataset):
            measure = " ".join(str(self.dataset[index][0]).split())
        cell = f"{self.letters[column]}{self.row_number(index)}" if column in self.letters else ""
        return {"cell": cell, "reference": measure[:80]}


def read_dataset(stream: IO[bytes], *, name: str = "upload", size: int | None = None) -> tablib.Dataset:
    """The imported columns of an uploaded CSV or XLSX file (see :func:`read_file`)."""
    return read_file(stream, name=name, size=size).dataset


def read_file(stream: IO[bytes], *, name: str = "upload", size: int | None = None) -> MeasureFile:
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
    rows: list[list[Any]]
    if kind == "xlsx":
        rows = _xlsx_rows(stream)
    else:
        try:
            text = stream.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The CSV file must be saved as UTF-8 text (in Excel: "
                                  "Save as, “CSV UTF-8”).") from None
        rows = [list(row) for row in read_csv_rows(text, _limits())]
    return _measure_file(rows)


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
    return rows  # typed cells: made text by _imported_cell, read-only ones kept as they are


def _imported_cell(value: Any) -> str:
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    if value is None:
        return ""
    return str(value)


def _column_name(header: str) -> str:
    """"Comparator value" and "comparator_value" are the same column."""
    return "_".join(header.lower().split())


def _measure_file(rows: list[list[Any]]) -> MeasureFile:
    while rows and not any(str(c).strip() for c in rows[-1] if c is not None):
        rows.pop()
    if not rows:
        raise ValidationError("The selected file is empty.")
    header_row = find_header_row(rows, marker="measure", normalise=_column_name)
    titles_in_file = header_names(rows[header_row - 1])
    while titles_in_file and titles_in_file[-1] == "":
        titles_in_file.pop()
    header = [_column_name(title) for title in titles_in_file]
    read_only_names = {_column_name(c) for c in READ_ONLY_NOTES}
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in COLUMNS and c not in read_only_names]
    if missing or unknown or len(set(header)) != len(header):
        parts = []
        if missing:
            parts.append("missing " + ", ".join(f"“{c}”" for c in missing))
        if unknown:
            parts.append("unexpected " + ", ".join(f"“{c or '(blank)'}”" for c in unknown))
        if len(set(header)) != len(header):
            parts.append("a column is repeated")
        raise ValidationError(
            f"The {'first' if header_row == 1 else 'second'} row must name the columns "
            f"measure, period, value and (optionally) comparator_value: {'; '.join(parts)}.")
    data = rows[header_row:]
    if len(data) > max_rows():
        raise ValidationError(f"The file has more than {max_rows():,} rows. "
                              "Split it into smaller files.")
    imported = [i for i, c in enumerate(header) if c in COLUMNS]
    kept = {header[i].replace("_", " "): i for i, c in enumerate(header) if c in read_only_names}
    names = [header[i] for i in imported]
    dataset = tablib.Dataset(headers=[*names, *[c for c in OPTIONAL_COLUMNS if c not in names]])
    read_only: list[dict[str, Any]] = []
    numbers: list[int] = []
    width = len(header)
    for number, row in enumerate(data, start=header_row + 1):
        cells = list(row)[:width] + [None] * (width - len(row))
        values = [_imported_cell(cells[i]) for i in imported]
        if not any(v.strip() for v in values) and not any(
                cells[i] not in (None, "") for i in kept.values()):
            continue  # the export's empty rows for new figures
        dataset.append(values + [""] * (len(dataset.headers) - len(names)))
        read_only.append({column: cells[i] for column, i in kept.items()})
        numbers.append(number)
    letters = column_letters(header)
    titles = dict(zip(header, titles_in_file, strict=True))
    # Read-only columns are named with spaces ("period starts"), the imported ones as fields.
    return MeasureFile(dataset=dataset, header_row=header_row,
                       titles={**titles, **{c.replace("_", " "): t for c, t in titles.items()}},
                       letters={**letters, **{c.replace("_", " "): t for c, t in letters.items()}},
                       read_only=read_only, numbers=numbers, exported=header_row == 2)


def file_warnings(file: MeasureFile, *, measures: dict[str, Any],
                  existing: dict[tuple[int, str], Any]) -> list[RowWarning]:
    """What the import will not do, from lookups already loaded (no query): an edited read-only
    cell ("Ignored: …"), and, in our own export, a figure held that is not in the file (figures
    and measures are never deleted by import)."""
    if not file.exported and not any(file.read_only):
        return []  # a plain file of figures: nothing kept aside, no row expected
    warnings: list[RowWarning] = []
    in_file: set[tuple[int, str]] = set()
    for index, row in enumerate(file.dataset.dict):
        name = " ".join(str(row.get("measure") or "").split())
        measure = measures.get(name.casefold())
        try:
            period: Period | None = Period.parse(str(row.get("period") or "").strip())
        except PeriodError:
            period = None
        held = None
        if measure is not None and period is not None:
            in_file.add((measure.pk, period.key))
            held = existing.get((measure.pk, period.key))
        expected: dict[str, Any] = {
            "period starts": period.starts_on if period is not None else None,
            "unit": measure.unit if measure is not None else "",
            "comparator area": measure.comparator_area if measure is not None else "",
            "recorded on": timezone.localdate(held.recorded_at) if held is not None else None,
        }
        number = file.row_number(index)
        for column, raw in file.read_only[index].items():
            want = expected[column]
            if isinstance(want, datetime.date) or column in ("period starts", "recorded on"):
                try:
                    same = cell_date(raw) == want
                except ValueError:
                    same = False
                shown_want = want.strftime("%d/%m/%Y") if want else ""
            else:
                same = cell_text(raw).casefold() == str(want).casefold()
                shown_want = str(want)
            if same or (held is None and cell_text(raw) == ""):
                continue
            said = cell_text(raw.strftime("%d/%m/%Y") if isinstance(raw, datetime.date) else raw)
            warnings.append(RowWarning(
                f"Ignored: {READ_ONLY_NOTES[column].capitalize()} The file says "
                f"“{said or 'nothing'}”, the portal has “{shown_want or 'nothing'}”.",
                row=number, column=file.titles[column],
                cell=f"{file.letters[column]}{number}", reference=name))
    if file.exported:
        missing: dict[int, list[Any]] = {}
        for key, held in existing.items():
            if key not in in_file:
                missing.setdefault(key[0], []).append(held)
        by_pk = {m.pk: m for m in measures.values()}
        for measure_pk in sorted(missing, key=lambda pk: (by_pk[pk].order, by_pk[pk].name)):
            figures = sorted(missing[measure_pk], key=lambda v: v.period_start)
            labels = ", ".join(Period.parse(v.period).label for v in figures)
            name = by_pk[measure_pk].name
            warnings.append(RowWarning(
                f"{name}: {labels} {'is' if len(figures) == 1 else 'are'} not in the file. "
                "Measures and their figures are never deleted by import: "
                f"{'it stays' if len(figures) == 1 else 'they stay'} as held.", reference=name))
    return warnings
