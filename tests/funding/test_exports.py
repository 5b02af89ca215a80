"""Exports: open the XLSX and check cells; the PDF's text; the OPCC CSV/XLSX; the command."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from funding import services
from funding.models import GrantAward, GrantReturn
from funding.services import LineEntry
from tests.pdf_text import pdf_text

D = Decimal


def workbook(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content))


@pytest.fixture
def hunts_h1(demo: dict[str, Any]) -> GrantReturn:
    return GrantReturn.objects.get(award__partnership=demo["hunts"], award__year_start=2015, part="H1")


def test_financial_monitoring_xlsx_has_a_table_per_kind_with_exact_totals(
        demo: dict[str, Any], client_for: Any, hunts_h1: GrantReturn) -> None:
    client = client_for(demo["users"]["opcc@cambridgeshire-pcc.example"])
    url = reverse("funding:return_export", args=["huntingdonshire", hunts_h1.pk, "financial", "xlsx"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = workbook(response.content)
    assert book.sheetnames == ["Return", "Revenue monitoring"]  # no capital lines on this award
    summary = {row[0]: row[1] for row in book["Return"].iter_rows(min_row=2, values_only=True)}
    assert summary["Partnership"] == "Huntingdonshire Community Safety Partnership"
    assert summary["Period"] == "2015/16 H1"
    assert summary["Status"] == "Accepted"
    sheet = book["Revenue monitoring"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Line", "Lead organisation", "Budget (£)", "Actual to date (£)",
                          "Forecast outturn (£)", "Variance (£)"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    total = rows[-1]
    assert total[0] == "Total revenue"
    assert D(str(total[2])) == D("22990.00")
    assert D(str(total[3])) == D("12368.45")  # H1 spend only
    assert D(str(total[4])) == D("22863.45")
    assert D(str(total[5])) == D("-126.55")
    assert sum(D(str(r[2])) for r in rows[:-1]) == D(str(total[2]))
    assert sheet.cell(row=2, column=3).number_format == "#,##0.00"


def test_whole_return_xlsx_includes_progress_and_neutralises_formulas(
        demo: dict[str, Any], client_for: Any) -> None:
    hunts = demo["hunts"]
    coordinator = demo["users"]["coordinator@huntingdonshire.example"]
    award = GrantAward.objects.get(partnership=hunts, year_start=2015)
    h2 = services.return_start(award=award, by=coordinator, part="H2")
    line = h2.lines.order_by("pk").first()
    assert line is not None
    services.return_update(grant_return=h2, by=coordinator, summary="@SUM(A1:A2)", entries=[
        LineEntry(line_id=line.pk, forecast=line.budget, variance_explanation="=HYPERLINK(\"x\")",
                  outputs="-2+3", outcomes="+cmd|' /C calc'!A0")])
    response = client_for(coordinator).get(
        reverse("funding:return_export", args=[hunts.slug, h2.pk, "return", "xlsx"]))
    book = workbook(response.content)
    assert "Progress and achievement" in book.sheetnames
    progress = list(book["Progress and achievement"].iter_rows(min_row=2, values_only=True))
    first = next(r for r in progress if r[0] == line.title)
    assert first[2] == "'-2+3" and first[3] == "'+cmd|' /C calc'!A0"
    revenue = list(book["Revenue monitoring"].iter_rows(min_row=2, values_only=True))
    assert next(r for r in revenue if r[0] == line.title)[6] == "'=HYPERLINK(\"x\")"
    summary = {r[0]: r[1] for r in book["Return"].iter_rows(min_row=2, values_only=True)}
    assert summary["Overall progress"] == "'@SUM(A1:A2)"
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


def test_return_pdf_has_header_tables_totals_and_signatures(
        demo: dict[str, Any], client_for: Any, hunts_h1: GrantReturn) -> None:

    client = client_for(demo["users"]["finance@huntingdonshire.example"])
    for what, title in (("financial", "Financial monitoring form"), ("return", "Grant return")):
        response = client.get(reverse("funding:return_export",
                                      args=["huntingdonshire", hunts_h1.pk, what, "pdf"]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        text = pdf_text(response.content)
        for expected in (title, "Huntingdonshire Community Safety Partnership",
                         "Community Safety Fund 2015/16", "2015/16 H1", "Revenue", "Total revenue",
                         "£22,990.00", "£12,368.45", "Signatures",
                         "no personal data about service users"):
            assert expected in text, (what, expected)
        assert ("Progress and achievement" in text) is (what == "return")


def test_unknown_export_is_404(demo: dict[str, Any], client_for: Any, hunts_h1: GrantReturn) -> None:
    client = client_for(demo["users"]["coordinator@huntingdonshire.example"])
    for what, fmt in (("financial", "docx"), ("everything", "xlsx")):
        url = reverse("funding:return_export", args=["huntingdonshire", hunts_h1.pk, what, fmt])
        assert client.get(url).status_code == 404


def test_opcc_export_covers_only_its_force_area(demo: dict[str, Any], client_for: Any,
                                               submitted_bhb_q1: GrantReturn) -> None:
    cambs = client_for(demo["users"]["opcc@cambridgeshire-pcc.example"])
    response = cambs.get(reverse("opcc:export"), {"period": "2015/16-H1", "format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["Partnership", "Funding stream", "Financial year", "Period", "Revision",
                           "Status"]
    assert len(rows) == 1 + 5  # the five lines of the accepted H1 return
    assert {r[0] for r in rows[1:]} == {"Huntingdonshire Community Safety Partnership"}
    assert sum(D(r[8]) for r in rows[1:]) == D("22990.00")
    # Leicestershire's OPCC sees its own partnership's return, never Huntingdonshire's.
    leics = client_for(demo["users"]["opcc@leicestershire-pcc.example"])
    book = workbook(leics.get(reverse("opcc:export"), {"period": "2017/18", "format": "xlsx"}).content)
    partnerships = {r[0] for r in book["Returns"].iter_rows(min_row=2, values_only=True)}
    assert partnerships == {"Blaby and Hinckley and Bosworth Community Safety Partnership"}
    nothing = workbook(leics.get(reverse("opcc:export"), {"period": "2015/16-H1"}).content)
    assert list(nothing["Returns"].iter_rows(min_row=2, values_only=True)) == []


def test_opcc_export_refuses_a_bad_period(demo: dict[str, Any], client_for: Any) -> None:
    client = client_for(demo["users"]["opcc@cambridgeshire-pcc.example"])
    response = client.get(reverse("opcc:export"), {"period": "2015-H1", "format": "xlsx"})
    assert response.status_code == 400
    assert "is not a period" in response.content.decode()
    response = client.get(reverse("opcc:export"), {"period": "2015/16-H1", "format": "pdf"})
    assert response.status_code == 400


def test_export_returns_command(demo: dict[str, Any], tmp_path: Any,
                                submitted_bhb_q1: GrantReturn) -> None:
    target = tmp_path / "returns.xlsx"
    call_command("export_returns", "--period", "2015/16-H1", "--format", "xlsx", "--output",
                 str(target), stderr=io.StringIO())
    book = workbook(target.read_bytes())
    returns = list(book["Returns"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[5]) for r in returns] == [
        ("Huntingdonshire Community Safety Partnership", "H1", "Accepted")]
    assert D(str(returns[0][8])) == D("22990.00")  # revenue budget
    assert D(str(returns[0][12])) == D("0.00")  # capital budget, never mixed with revenue
    out = io.BytesIO()
    call_command("export_returns", "--period", "2017/18-Q1", "--partnership",
                 "blaby-hinckley-bosworth", "--format", "csv", stdout=out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode())))
    assert len(rows) == 1 + 6 and rows[1][0].startswith("Blaby")
    out = io.BytesIO()
    call_command("export_returns", "--period", "2017/18-Q1", "--partnership", "huntingdonshire",
                 "--format", "csv", stdout=out)
    assert len(list(csv.reader(io.StringIO(out.getvalue().decode())))) == 1  # header only
    with pytest.raises(CommandError, match="not a period"):
        call_command("export_returns", "--period", "H1 2015")
    with pytest.raises(CommandError, match="no partnership"):
        call_command("export_returns", "--period", "2015/16-H1", "--partnership", "nowhere")
