"""Real files for review tests: a PDF and an agency's chronology XLSX (made with openpyxl)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.pdfs import blank_pdf

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MARKING = "OFFICIAL-SENSITIVE: restricted until publication"
HEADER = ["Date", "Event", "Source", "Significance"]
ROWS: list[list[Any]] = [
    [datetime.date(2025, 3, 4), "Seen by the GP: low mood", "GP notes", "No enquiry about abuse"],
    ["12/06/2025", "Missed a hospital appointment", "", ""],
]


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER,
               marking: str | None = MARKING) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if marking is not None:
        sheet.append([marking])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def chronology_xlsx(rows: Sequence[Sequence[Any]] = ROWS, **kwargs: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile("chronology.xlsx", xlsx_bytes(rows, **kwargs), XLSX)


def pdf_upload(pages: int = 2, name: str = "report.pdf") -> Any:
    from partnership.uploads import check_upload

    upload = SimpleUploadedFile(name, blank_pdf(pages), "application/pdf")
    return check_upload(upload)


def pdf_file(pages: int = 2, name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, blank_pdf(pages), "application/pdf")
