"""The performance export: command and page button, columns, seed figures, neutralising."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from partnership.models import Role
from tests.factories import PartnershipFactory, member

from .factories import MeasureFactory, value

pytestmark = pytest.mark.django_db

SEED_ROWS = [
    ["measure", "previous", "current", "change_pct", "comparator_change_pct", "trend"],
    ["Total crime", "4746", "5433", "14.5", "13.0", "up"],
    ["Domestic burglary", "296", "354", "19.6", "1.7", "up"],
    ["Theft from motor vehicle", "561", "673", "20.0", "7.0", "up"],
    ["Theft of motor vehicle", "164", "193", "17.7", "4.1", "up"],
    ["Violence with injury", "337", "459", "36.2", "32.0", "up"],
    ["Domestic violence with injury", "121", "182", "50.4", "49.8", "up"],
    ["Criminal damage", "694", "716", "3.2", "1.1", "up"],
    ["Shoplifting", "505", "485", "-4.0", "9.1", "up"],
    ["ASB reported (police data)", "1324", "1382", "4.4", "10.4", "down"],
]


def test_command_writes_the_seed_table_to_stdout(demo: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("export_performance", "--partnership", "blaby-hinckley-bosworth",
                 "--year", "2016/17", stdout=out)
    assert list(csv.reader(io.StringIO(out.getvalue()))) == SEED_ROWS


def test_command_writes_xlsx_to_a_file(demo: dict[str, Any], tmp_path: Path) -> None:
    target = tmp_path / "table.xlsx"
    call_command("export_performance", "--partnership", "blaby-hinckley-bosworth",
                 "--year", "2016/17", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == SEED_ROWS[0]
    assert rows[1][:4] == ["Total crime", 4746, 5433, 14.5]


def test_command_rejects_a_bad_year(demo: dict[str, Any]) -> None:
    with pytest.raises(CommandError, match="financial year"):
        call_command("export_performance", "--partnership", "blaby-hinckley-bosworth",
                     "--year", "2016 Q3")


def test_formula_injection_is_neutralised_in_csv_and_xlsx(client_for: Any) -> None:
    partnership = PartnershipFactory.create()
    coordinator = member(partnership, Role.COORDINATOR)
    for name in ("=HYPERLINK(\"http://evil\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "\rCR"):
        measure = MeasureFactory.create(partnership=partnership, name=name)
        value(measure, "2016/17", 5)
    url = reverse("priorities:performance_export", args=[partnership.slug])
    client = client_for(coordinator)
    text = client.get(url, {"year": "2016/17", "format": "csv"}).content.decode()
    names = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert all(name.startswith("'") for name in names), names
    response = client.get(url, {"year": "2016/17", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(str(c).startswith("'") for c in cells), cells
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_page_button_downloads_the_same_table(demo: dict[str, Any], client_for: Any) -> None:
    user = demo["users"]["coordinator@blaby-hinckley.example"]
    response = client_for(user).get(
        reverse("priorities:performance_export", args=["blaby-hinckley-bosworth"]),
        {"year": "2016/17", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    assert list(csv.reader(io.StringIO(response.content.decode()))) == SEED_ROWS


def test_page_xlsx_has_human_headers_with_years_and_the_status(demo: dict[str, Any],
                                                                client_for: Any) -> None:
    user = demo["users"]["coordinator@blaby-hinckley.example"]
    response = client_for(user).get(
        reverse("priorities:performance_export", args=["blaby-hinckley-bosworth"]),
        {"year": "2016/17", "format": "xlsx"})
    rows = [list(row) for row in load_workbook(io.BytesIO(response.content)).worksheets[0]
            .iter_rows(values_only=True)]
    assert rows[0] == ["Performance measure", "2015/16", "2016/17",
                       "Change 2015/16 to 2016/17 (%)", "LLR change (%)", "2014/15",
                       "2 year trend (2014/15 to 2016/17)", "LLR 2 year trend",
                       "Status against target"]
    total = next(row for row in rows if row[0] == "Total crime")
    assert total[1:5] == [4746, 5433, 14.5, 13.0]
    assert total[6] == "Rising" and total[8] in ("On track", "At risk", "Off track", "No target")
