"""Spreadsheet files for tests and benchmarks: a plain workbook, and one with a member replaced.

Shared by tests/partnership/test_spreadsheets.py (small hostile files, in memory) and
bench/hostile_imports.py (large ones, streamed to disk), so both build them the same way.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from typing import IO, Any


def xlsx(rows: list[list[Any]]) -> bytes:
    """A one-sheet workbook holding `rows`, as openpyxl writes it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_member(target: str | os.PathLike[str] | IO[bytes], template: bytes, name: str,
                chunks: Iterable[bytes]) -> None:
    """Copy the `template` workbook to `target`, with member `name` replaced (or added) by the
    bytes of `chunks`, streamed so that a member of hundreds of megabytes never sits in memory."""
    with zipfile.ZipFile(io.BytesIO(template)) as source, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            if info.filename != name:
                copy.writestr(info.filename, source.read(info.filename))
        with copy.open(name, "w", force_zip64=True) as member:
            for chunk in chunks:
                member.write(chunk)
