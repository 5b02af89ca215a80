"""Management commands given bad arguments: a clear one-line CommandError, never a traceback."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import PartnershipFactory, UserFactory


@pytest.fixture
def partnership(db: Any) -> Any:
    UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    return PartnershipFactory(slug="hunts")


def refused(*args: Any, **options: Any) -> str:
    """Run the command; it must refuse with a CommandError whose first line says why."""
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=io.StringIO(), stderr=io.StringIO(), **options)
    message = str(caught.value)
    assert message and "Traceback" not in message
    return message


def first_line(message: str) -> str:
    return message.splitlines()[0]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {
        "binary.csv": b"\x00\xff\xfe\x00garbage\x00" * 40,
        "latin1.csv": "measure,period,value\nCaf\xe9 crime,2016/17,1\n".encode("latin-1"),
        "broken.xlsx": b"PK\x03\x04 not really a zip" * 10,
        "empty.csv": b"",
        "nul.csv": b"measure,period,value\nA\x00B,2016/17,1\n",
        "bad-rows.csv": b"measure,period,value\nBurglary,2016/17,1e400\nBurglary,9999/00,5\n"
                        b"Burglary,2016/17,NaN\nBurglary,2016/17,99999999999999999999\n",
        "no-columns.csv": b"a,b\n1,2\n",
    }
    paths = {}
    for name, content in made.items():
        paths[name] = tmp_path / name
        paths[name].write_bytes(content)
    return paths


# --- import_measures ------------------------------------------------------------------------

def test_import_measures_missing_file(partnership: Any, tmp_path: Path) -> None:
    message = refused("import_measures", str(tmp_path / "nope.csv"), "--partnership", "hunts")
    assert message == f"{tmp_path / 'nope.csv'}: no such file."


def test_import_measures_a_directory_is_not_a_file(partnership: Any, tmp_path: Path) -> None:
    assert "no such file" in refused("import_measures", str(tmp_path), "--partnership", "hunts")


def test_import_measures_unknown_partnership(partnership: Any, files: dict[str, Path]) -> None:
    message = refused("import_measures", str(files["bad-rows.csv"]), "--partnership", "atlantis")
    assert message == "There is no partnership with the slug “atlantis”."


def test_import_measures_unknown_user(partnership: Any, files: dict[str, Path]) -> None:
    message = refused("import_measures", str(files["bad-rows.csv"]), "--partnership", "hunts",
                      "--as", "nobody@example.org")
    assert message == "There is no active user nobody@example.org."


@pytest.mark.parametrize("name", ["binary.csv", "latin1.csv", "broken.xlsx", "empty.csv", "nul.csv",
                                  "no-columns.csv"])
def test_import_measures_unreadable_file(partnership: Any, files: dict[str, Path], name: str) -> None:
    from priorities.models import MeasureValue, PerformanceMeasure

    message = refused("import_measures", str(files[name]), "--partnership", "hunts",
                      "--create-measures")
    assert first_line(message).startswith("Nothing was imported")
    assert not PerformanceMeasure.objects.exists() and not MeasureValue.objects.exists()


def test_import_measures_bad_rows_say_which_row(partnership: Any, files: dict[str, Path]) -> None:
    from priorities.models import MeasureValue, PerformanceMeasure

    message = refused("import_measures", str(files["bad-rows.csv"]), "--partnership", "hunts",
                      "--create-measures")
    lines = message.splitlines()
    assert lines[0] == "Nothing was imported:"
    # Each error names the cell: the value in column C of rows 2, 4 and 5, the period in B3.
    assert [line.strip().split(" ")[0] for line in lines[1:5]] == ["C2", "B3", "C4", "C5"]
    assert all("(“Burglary”, column “" in line for line in lines[1:5])
    assert not PerformanceMeasure.objects.exists() and not MeasureValue.objects.exists()


# --- export_performance ---------------------------------------------------------------------

@pytest.mark.parametrize(("year", "expected"), [
    ("nonsense", "“nonsense” is not a period"),
    ("2016/18", "a financial year runs from one year into the next"),
    ("2016/17 Q3", "is a part of a year"),
    ("9999/00", "is not a year the portal can record"),
    ("0000/01", "is not a year the portal can record"),
])
def test_export_performance_bad_year(partnership: Any, year: str, expected: str) -> None:
    message = refused("export_performance", "--partnership", "hunts", "--year", year)
    assert expected in message and "\n" not in message


def test_export_performance_unknown_partnership(partnership: Any) -> None:
    message = refused("export_performance", "--partnership", "atlantis", "--year", "2016/17")
    assert message == "There is no partnership with the slug “atlantis”."


def test_export_performance_unwritable_output(partnership: Any, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "out.csv"
    message = refused("export_performance", "--partnership", "hunts", "--year", "2016/17",
                      "--output", str(target))
    assert message.startswith(f"Cannot write {target}:") and "\n" not in message


def test_export_performance_unknown_format(partnership: Any) -> None:
    message = refused("export_performance", "--partnership", "hunts", "--year", "2016/17",
                      "--format", "pdf")
    assert "invalid choice: 'pdf'" in message


# --- export_returns -------------------------------------------------------------------------

@pytest.mark.parametrize(("period", "expected"), [
    ("2015/16-H3", "a year has two halves"),
    ("nonsense", "is not a period"),
    ("9999/00-H1", "is not a year the portal can record"),
])
def test_export_returns_bad_period(partnership: Any, period: str, expected: str) -> None:
    message = refused("export_returns", "--period", period, "--format", "csv")
    assert expected in message and "\n" not in message


def test_export_returns_unknown_partnership(partnership: Any) -> None:
    message = refused("export_returns", "--period", "2015/16-H1", "--partnership", "atlantis")
    assert message == "There is no partnership with the slug “atlantis”."


def test_export_returns_unwritable_output(partnership: Any, tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "returns.xlsx"
    message = refused("export_returns", "--period", "2015/16-H1", "--output", str(target))
    assert message.startswith(f"Cannot write {target}:") and "\n" not in message


# --- queue_update_reminders -----------------------------------------------------------------

@pytest.mark.parametrize("day", ["2026-02-30", "31/13/2026", "tomorrow", "99999-01-01"])
def test_queue_update_reminders_bad_date(partnership: Any, day: str) -> None:
    message = refused("queue_update_reminders", "--date", day)
    assert message.startswith("--date:") and "use YYYY-MM-DD" in message and "\n" not in message


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_queue_update_reminders_at_the_ends_of_the_calendar(partnership: Any, day: str) -> None:
    """A date so far out that the reminder arithmetic would leave the calendar: refused."""
    message = refused("queue_update_reminders", "--date", day)
    assert message.startswith("--date:") and "\n" not in message


# --- load_demo ------------------------------------------------------------------------------

def test_load_demo_refuses_when_demo_data_is_off(db: Any, settings: Any) -> None:
    settings.ALLOW_DEMO_DATA = False
    message = refused("load_demo")
    assert message.startswith("Demo data is disabled here") and "\n" not in message


def test_load_demo_takes_no_arguments(db: Any) -> None:
    assert "unrecognized arguments: huntingdonshire" in refused("load_demo", "huntingdonshire")
