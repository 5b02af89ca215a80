"""The performance table page shows seed 004 Fig 1.1 (figures and change percentages)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def cells(html: str) -> list[list[str]]:
    body = html.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        texts = [" ".join(re.sub(r"<[^>]+>", " ", c).split())
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows.append(texts)
    return rows


def test_demo_performance_table_matches_the_seed(demo: dict[str, Any], client_for: Any) -> None:
    user = demo["users"]["coordinator@blaby-hinckley.example"]
    response = client_for(user).get(
        reverse("priorities:performance", args=["blaby-hinckley-bosworth"]))
    assert response.status_code == 200
    rows = cells(response.content.decode())
    got = [(r[0], r[1], r[2], r[3].split(" ")[0], r[4], " ".join(r[5].split()[:2])) for r in rows]
    # Lower is better for crime: a rise reads "worse", shoplifting's fall reads "better".
    assert rows[0][3] == "+14.5% worse" and rows[7][3] == "-4.0% better"
    assert got == [
        ("Total crime", "4,746", "5,433", "+14.5%", "+13.0%", "↑ Rising"),
        ("Domestic burglary", "296", "354", "+19.6%", "+1.7%", "↑ Rising"),
        ("Theft from motor vehicle", "561", "673", "+20.0%", "+7.0%", "↑ Rising"),
        ("Theft of motor vehicle", "164", "193", "+17.7%", "+4.1%", "↑ Rising"),
        ("Violence with injury", "337", "459", "+36.2%", "+32.0%", "↑ Rising"),
        ("Domestic violence with injury", "121", "182", "+50.4%", "+49.8%", "↑ Rising"),
        ("Criminal damage", "694", "716", "+3.2%", "+1.1%", "↑ Rising"),
        ("Shoplifting", "505", "485", "-4.0%", "+9.1%", "↑ Rising"),
        ("ASB reported (police data)", "1,324", "1,382", "+4.4%", "+10.4%", "↓ Falling"),
    ]
    # The page says what the comparator area is and what the trend compares.
    html = response.content.decode()
    assert "LLR: Leicester, Leicestershire and Rutland" in html
    assert "<strong>2 year trend</strong> compares 2016/17 with 2014/15" in html
    assert 'role="region" aria-label="Performance table (scrolls sideways)"' in html


def test_year_defaults_to_latest_and_can_be_chosen(demo: dict[str, Any], client_for: Any) -> None:
    user = demo["users"]["coordinator@blaby-hinckley.example"]
    url = reverse("priorities:performance", args=["blaby-hinckley-bosworth"])
    client = client_for(user)
    assert "Performance 2016/17" in client.get(url).content.decode()
    earlier = client.get(url, {"year": "2015/16"}).content.decode()
    rows = cells(earlier)
    # 2015/16 has no 2014/15 figures: change is n/a, never an error.
    assert rows[0][1:4] == ["n/a", "4,746", "n/a"]
    # A year that is not one: the latest year, with the reason in an error summary.
    response = client.get(url, {"year": "nonsense"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "“nonsense” is not a period" in page
    assert "Showing 2016/17 instead." in page and "Performance 2016/17" in page
    export = client.get(reverse("priorities:performance_export", args=["blaby-hinckley-bosworth"]),
                        {"year": "9999/00"})
    assert export.status_code == 400 and "is not a year the portal can record" in export.content.decode()


def test_the_table_is_paged_and_the_exports_are_complete(client_for: Any) -> None:
    """60 measures with figures and 5 without: 50 on the first page (in plan order), the other
    10 on the second; the measures without a figure for the year or the year before are on
    neither; the CSV and Excel exports hold all 60."""
    from decimal import Decimal

    from openpyxl import load_workbook

    from partnership.models import Role
    from partnership.periods import Period
    from priorities.models import MeasureValue, PerformanceMeasure
    from tests.factories import PartnershipFactory, member

    partnership = PartnershipFactory.create()
    measures = PerformanceMeasure.objects.bulk_create([
        PerformanceMeasure(partnership=partnership, name=f"Measure {i:02d}", order=i)
        for i in range(65)])
    MeasureValue.objects.bulk_create([
        MeasureValue(measure=m, period=p.key, period_start=p.starts_on, value=Decimal(100 + i))
        for i, m in enumerate(measures[:60])
        for p in (Period.parse("2015/16"), Period.parse("2016/17"))])
    client = client_for(member(partnership, Role.BOARD_MEMBER))
    url = reverse("priorities:performance", args=[partnership.slug])

    def names(page: str) -> list[str]:
        return [row[0] for row in cells(page)]

    first = client.get(url).content.decode()
    assert names(first) == [f"Measure {i:02d}" for i in range(50)]
    assert "Page 1 of 2" in first and "measures 1 to 50 of 60" in first
    assert 'href="?year=2016%2F17&amp;page=2"' in first or 'href="?page=2"' in first
    second = client.get(url, {"page": "2"}).content.decode()
    assert names(second) == [f"Measure {i:02d}" for i in range(50, 60)]
    assert "Page 2 of 2" in second
    export = reverse("priorities:performance_export", args=[partnership.slug])
    csv_text = client.get(export, {"year": "2016/17", "format": "csv"}).getvalue().decode()
    assert sum(f"Measure {i:02d}" in csv_text for i in range(65)) == 60
    import io

    xlsx = load_workbook(io.BytesIO(client.get(export, {"year": "2016/17",
                                                        "format": "xlsx"}).getvalue()))
    found = {cell.value for row in xlsx.active.iter_rows() for cell in row}
    assert {f"Measure {i:02d}" for i in range(65)} & found == {f"Measure {i:02d}"
                                                               for i in range(60)}
