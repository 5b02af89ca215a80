"""The merged chronology as a spreadsheet: the export, the agencies' template and its import.

Export and template are written by :mod:`partnership.exports` (every cell neutralised against
formula injection) with the protective marking as their first row. The import reads an agency's
filled-in template through :mod:`partnership.spreadsheets` (the shared safe reader) and checks
every cell; an error names its cell ("B7"), and nothing here writes: the write is
:func:`reviews.services.chronology_import` (all or nothing).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from partnership.exports import Sheet
from partnership.spreadsheets import NOT_XLSX, Limits, cell_text, read_xlsx_rows

from .models import ChronologyEntry, InformationRequest, Review

MARKING = "OFFICIAL-SENSITIVE: restricted until publication"
TEMPLATE_COLUMNS = ["Date", "Event", "Source", "Significance"]
EXPORT_COLUMNS = ["Date", "Agency", "Event", "Source", "Significance", "From the return"]
IMPORT_LIMITS = Limits(max_rows=5_000, max_columns=20)
MAX_EVENT = 5_000
MAX_SOURCE = 200
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
EARLIEST = datetime.date(1900, 1, 1)


def export_sheet(review: Review, entries: Iterable[ChronologyEntry]) -> Sheet:
    """The whole merged chronology (``entries`` come with their organisation and source)."""
    return Sheet(title=f"Chronology {review.reference}", header=EXPORT_COLUMNS, marking=MARKING,
                 rows=[[e.happened_on, e.organisation.name, e.event, e.source_detail,
                        e.significance,
                        e.source.get_kind_display() if e.source else "Added by the review"]
                       for e in entries])


def template_sheet(request: InformationRequest | None = None) -> Sheet:
    title = f"Chronology {request.organisation.name}" if request else "Chronology"
    return Sheet(title=title, header=TEMPLATE_COLUMNS, marking=MARKING, rows=[])


@dataclass
class CellError:
    cell: str  # "B7"; "" for the file as a whole
    message: str


@dataclass
class ParsedEntry:
    row: int
    happened_on: datetime.date
    event: str
    source_detail: str
    significance: str


@dataclass
class ParsedChronology:
    entries: list[ParsedEntry] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.entries)


_text = cell_text  # the shared reading of a cell as typed


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def parse(content: bytes, *, today: datetime.date) -> ParsedChronology:
    """Check an agency's chronology spreadsheet, cell by cell. Raises ValidationError when the
    file itself cannot be used (not an XLSX, too big, not the template)."""
    try:
        rows = read_xlsx_rows(io.BytesIO(content), IMPORT_LIMITS)
    except ValidationError as error:
        if error.message == NOT_XLSX:
            raise ValidationError("The file could not be read as an Excel (.xlsx) "
                                  "spreadsheet.") from None
        raise
    start = 0
    # The marking row of our template (and any blank rows) come before the header.
    while start < len(rows) and _text(rows[start][0] if rows[start] else "").upper() != "DATE":
        start += 1
        if start > 3:
            break
    if start >= len(rows) or start > 3:
        raise ValidationError("This is not the chronology template: its first rows must include "
                              "the header " + ", ".join(TEMPLATE_COLUMNS) + ". Download the "
                              "template and copy the entries into it.")
    header = [_text(h) for h in rows[start]]
    if [h.lower() for h in header[:len(TEMPLATE_COLUMNS)]] != [c.lower() for c in TEMPLATE_COLUMNS]:
        raise ValidationError(f"Row {start + 1} must be the header " + ", ".join(TEMPLATE_COLUMNS)
                              + " (columns A to D). Download the template and copy the entries "
                                "into it.")
    result = ParsedChronology()
    for index, raw in enumerate(rows[start + 1:], start=start + 2):
        cells = (list(raw) + [None] * 4)[:4]
        if all(_text(v) == "" for v in cells):
            continue
        before = len(result.errors)
        happened_on = _date(cells[0])
        if _text(cells[0]) == "":
            result.errors.append(CellError(f"A{index}", "Enter the date of the event."))
        elif happened_on is None:
            result.errors.append(CellError(f"A{index}", "Enter the date as DD/MM/YYYY, for "
                                                        "example 31/03/2025."))
        elif happened_on > today:
            result.errors.append(CellError(f"A{index}", "The date cannot be in the future."))
        elif happened_on < EARLIEST:
            result.errors.append(CellError(f"A{index}", "The date must be after 1900."))
        event = _text(cells[1])
        if not event:
            result.errors.append(CellError(f"B{index}", "Describe the event."))
        elif len(event) > MAX_EVENT:
            result.errors.append(CellError(f"B{index}", f"The event must be {MAX_EVENT:,} "
                                                        "characters or fewer."))
        source = _text(cells[2])
        if len(source) > MAX_SOURCE:
            result.errors.append(CellError(f"C{index}", f"The source must be {MAX_SOURCE} "
                                                        "characters or fewer."))
        significance = _text(cells[3])
        if len(significance) > MAX_EVENT:
            result.errors.append(CellError(f"D{index}", f"The significance must be "
                                                        f"{MAX_EVENT:,} characters or fewer."))
        for text, column in ((event, "B"), (source, "C"), (significance, "D")):
            if "\x00" in text:
                result.errors.append(CellError(f"{column}{index}", "Remove the control "
                                                                   "characters from this cell."))
        if len(result.errors) == before and happened_on is not None:
            result.entries.append(ParsedEntry(index, happened_on, event, source, significance))
    if not result.entries and not result.errors:
        result.errors.append(CellError("", "The spreadsheet has no entries below the header."))
    return result
