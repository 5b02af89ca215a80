"""The shared spreadsheet reader refuses hostile files before parsing them (issue 10).

Timings and memory are measured by bench/hostile_imports.py; these tests check the refusals
and their messages, through the shared reader and through both imports that use it."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from partnership.spreadsheets import Limits, read_csv_rows, read_xlsx_rows
from tests.spreadsheet_files import with_member, xlsx

MB = 1024 * 1024


def rewrite_member(content: bytes, name: str, change: Any) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info.filename, change(data) if info.filename == name else data)
    return buffer.getvalue()


def shared_strings_bomb(inflated: int) -> bytes:
    """A workbook whose shared strings inflate to `inflated` bytes (compressed ~1000:1)."""
    body = b"<sst xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><si><t>"
    body += b"A" * inflated + b"</t></si></sst>"
    buffer = io.BytesIO()
    with_member(buffer, xlsx([["id", "description"], [1, "x"]]), "xl/sharedStrings.xml", [body])
    return buffer.getvalue()


def test_a_normal_workbook_is_read() -> None:
    content = xlsx([["a", "b"], [1, "x"], [2, None]])
    assert read_xlsx_rows(io.BytesIO(content), Limits()) == [["a", "b"], [1, "x"], [2, None]]


def test_a_shared_strings_bomb_is_refused_from_the_zip_directory() -> None:
    content = shared_strings_bomb(2 * MB)
    assert len(content) < 100_000
    with pytest.raises(ValidationError, match="too large once opened"):
        read_xlsx_rows(io.BytesIO(content), Limits(max_ratio=100, ratio_floor=MB))


def test_a_workbook_over_the_uncompressed_limit_is_refused() -> None:
    content = xlsx([["a"], *[[f"row {n} " + "x" * 50] for n in range(2000)]])
    with pytest.raises(ValidationError, match="more than 0 MB of cells"):
        read_xlsx_rows(io.BytesIO(content), Limits(max_uncompressed=100_000))


def test_the_declared_dimension_is_checked_before_the_rows() -> None:
    content = xlsx([["a", "b", "c"], *[[n, n, n] for n in range(30)]])
    with pytest.raises(ValidationError, match="more than 10 rows"):
        read_xlsx_rows(io.BytesIO(content), Limits(max_rows=10))
    with pytest.raises(ValidationError, match="more than 2 columns"):
        read_xlsx_rows(io.BytesIO(content), Limits(max_columns=2))


def test_rows_are_counted_while_streaming_when_the_dimension_is_missing() -> None:
    content = rewrite_member(xlsx([["a"], *[[n] for n in range(30)]]), "xl/worksheets/sheet1.xml",
                             lambda data: re.sub(rb"<dimension [^>]*/>", b"", data))
    with pytest.raises(ValidationError, match="more than 10 rows"):
        read_xlsx_rows(io.BytesIO(content), Limits(max_rows=10))
    assert len(read_xlsx_rows(io.BytesIO(content), Limits(max_rows=30))) == 31


def test_csv_rows_and_columns_are_capped() -> None:
    with pytest.raises(ValidationError, match="more than 5 rows"):
        read_csv_rows("a\n" * 7, Limits(max_rows=5))
    assert len(read_csv_rows("a\n" * 6, Limits(max_rows=5))) == 6
    with pytest.raises(ValidationError, match="more than 3 columns"):
        read_csv_rows("a,b,c,d\n", Limits(max_columns=3))
    assert read_csv_rows("a,b,c,,,\n", Limits(max_columns=3)) == [["a", "b", "c"]]


def test_not_a_zip_is_refused() -> None:
    with pytest.raises(ValidationError, match="could not be opened"):
        read_xlsx_rows(io.BytesIO(b"PK\x03\x04 not a zip"), Limits())


def test_the_measure_import_refuses_200000_csv_rows() -> None:
    from priorities.imports import read_dataset

    content = b"measure,period,value\n" + b"m,2016/17,1\n" * 200_000
    with pytest.raises(ValidationError, match="more than 50,000 rows"):
        read_dataset(io.BytesIO(content), name="big.csv")


def test_the_measure_import_refuses_a_shared_strings_bomb() -> None:
    from priorities.imports import read_dataset

    with pytest.raises(ValidationError, match="too large once opened"):
        read_dataset(io.BytesIO(shared_strings_bomb(60 * MB)), name="bomb.xlsx")


def test_the_action_plan_import_refuses_a_shared_strings_bomb() -> None:
    from actionplans.resources import read_rows

    with pytest.raises(ValidationError, match="too large once opened"):
        read_rows(shared_strings_bomb(60 * MB))


def test_the_action_plan_import_refuses_a_wide_sheet() -> None:
    from actionplans.resources import read_rows

    with pytest.raises(ValidationError, match="more than 50 columns"):
        read_rows(xlsx([[f"c{n}" for n in range(60)], list(range(60))]))
    # A normal sheet is read: its header in row 1, then its rows.
    assert read_rows(xlsx([["id", "description"], [1, "x"]])) == (1, ["id", "description"],
                                                                  [[1, "x"]])
