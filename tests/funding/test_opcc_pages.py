"""The OPCC officer's own pages: where they land (returns awaiting their decision, every period
and partnership of their force area), the expected-versus-received grid with a period picker
and its export, their navigation, and breadcrumbs from a return back to their lists."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from funding.models import GrantReturn, GrantReturnLine, Kind, ReturnDue, ReturnStatus
from partnership.models import Role
from tests.conftest import count_queries
from tests.factories import PartnershipFactory, PccOfficeFactory, UserFactory, member

from .factories import BudgetLineFactory, GrantAwardFactory

pytestmark = pytest.mark.django_db


def send(award: Any, part: str, status: str, days_ago: int = 1) -> GrantReturn:
    return GrantReturn.objects.create(
        award=award, part=part, status=status, no_personal_data=True,
        submitted_at=None if status == ReturnStatus.DRAFT
        else timezone.now() - datetime.timedelta(days=days_ago))


@pytest.fixture
def area() -> dict[str, Any]:
    """Two partnerships of one force area (and one of another), 2015/16 awards with the default
    six-monthly schedule: H1 due 31 Oct 2015, H2 due 30 Apr 2016 (both past)."""
    office = PccOfficeFactory()
    north = PartnershipFactory(name="North CSP", pcc_office=office)
    south = PartnershipFactory(name="South CSP", pcc_office=office)
    quiet = PartnershipFactory(name="Quiet CSP", pcc_office=office)  # expects nothing
    elsewhere = PartnershipFactory(name="Elsewhere CSP")
    north_award = GrantAwardFactory(partnership=north, year_start=2015)
    north_other = GrantAwardFactory(partnership=north, year_start=2015)
    south_award = GrantAwardFactory(partnership=south, year_start=2015)
    later = GrantAwardFactory(partnership=south, year_start=2016)
    far = GrantAwardFactory(partnership=elsewhere, year_start=2015)
    returns = {
        "north_h1": send(north_award, "H1", ReturnStatus.SUBMITTED, days_ago=3),
        "north_h2": send(north_award, "H2", ReturnStatus.ACCEPTED),
        "north_other_h1": send(north_other, "H1", ReturnStatus.DRAFT),
        "south_h1": send(south_award, "H1", ReturnStatus.RETURNED),
        "later_h1": send(later, "H1", ReturnStatus.RESUBMITTED, days_ago=9),
        "far_h1": send(far, "H1", ReturnStatus.SUBMITTED),
    }
    return {"office": office, "north": north, "south": south, "quiet": quiet,
            "officer": UserFactory(opcc_office=office), "returns": returns}


def test_the_officer_lands_on_returns_awaiting_their_decision(area: dict[str, Any],
                                                              client_for: Any) -> None:
    client = client_for(area["officer"])
    assert client.get("/").url == "/opcc/"
    response = client.get("/opcc/")
    page = response.content.decode()
    waiting = response.context["waiting"]
    # every period (2015/16 and 2016/17) and partnership of the area, oldest first; never a
    # draft, a decided return or another force area's
    assert [r.pk for r in waiting] == [area["returns"]["later_h1"].pk,
                                       area["returns"]["north_h1"].pk]
    assert "2 returns awaiting your decision" in page
    assert f'href="/p/{area["north"].slug}/funding/returns/{area["returns"]["north_h1"].pk}/"' \
        in page
    assert "Elsewhere CSP" not in page


def test_coordinators_still_land_on_their_partnership(area: dict[str, Any],
                                                      client_for: Any) -> None:
    coordinator = member(area["north"], Role.COORDINATOR)
    assert client_for(coordinator).get("/").url == f"/p/{area['north'].slug}/my-work/"


def test_the_opcc_navigation_has_its_own_items(area: dict[str, Any], client_for: Any) -> None:
    page = client_for(area["officer"]).get("/opcc/grid/?period=2015/16").content.decode()
    nav = re.findall(r'<a class="govuk-service-navigation__link" href="([^"]+)"'
                     r'(?: aria-current="page")?>(?:<strong[^>]*>)?([^<]+)', page)
    assert nav[:3] == [("/opcc/", "Awaiting decision"), ("/opcc/grid/", "Returns expected"),
                       ("/opcc/returns/", "All returns")]
    assert 'href="/opcc/grid/" aria-current="page"' in page
    coordinator = member(area["north"], Role.COORDINATOR)
    other = client_for(coordinator).get(f"/p/{area['north'].slug}/").content.decode()
    assert "Awaiting decision" not in other


def test_the_period_picker_is_a_select_of_the_area_periods(area: dict[str, Any],
                                                           client_for: Any) -> None:
    page = client_for(area["officer"]).get("/opcc/grid/?period=2015/16-H2").content.decode()
    assert '<select class="govuk-select" id="id_period" name="period">' in page
    picker = page[page.index('id="id_period"'):]
    options = re.findall(r'<option value="([^"]+)"( selected)?>', picker[:picker.index("</select>")])
    assert options == [("2016/17-H1", ""), ("2016/17-H2", ""), ("2016/17", ""),
                       ("2015/16-H1", ""), ("2015/16-H2", " selected"), ("2015/16", "")]
    assert 'type="text"' not in page


def test_grid_counts_expected_against_received(area: dict[str, Any], client_for: Any) -> None:
    response = client_for(area["officer"]).get("/opcc/grid/?period=2015/16")
    rows = [(r.partnership.name, r.period.label, r.counts) for r in response.context["rows"]]
    columns = ("expected", "not_submitted", "overdue", "submitted", "accepted", "returned")

    def counts(*values: int) -> dict[str, int]:
        return dict(zip(columns, values, strict=True))

    assert rows == [
        # North: two awards. H1: one submitted, one draft (not submitted, overdue).
        ("North CSP", "2015/16 H1", counts(2, 1, 1, 1, 0, 0)),
        # H2: one accepted, the other award's nothing yet (not submitted, overdue).
        ("North CSP", "2015/16 H2", counts(2, 1, 1, 0, 1, 0)),
        ("Quiet CSP", "2015/16", counts(0, 0, 0, 0, 0, 0)),
        ("South CSP", "2015/16 H1", counts(1, 0, 0, 0, 0, 1)),
        ("South CSP", "2015/16 H2", counts(1, 1, 1, 0, 0, 0)),
    ]
    page = response.content.decode()
    assert "Elsewhere CSP" not in page
    assert [int(n) for n in re.findall(r'govuk-!-font-weight-bold">(\d+)<', page)] == \
        [6, 3, 3, 1, 1, 1]


def test_a_return_not_yet_due_is_not_overdue(area: dict[str, Any], client_for: Any) -> None:
    ReturnDue.objects.filter(award__partnership=area["south"], award__year_start=2015,
                             part="H2").update(due_on=timezone.localdate()
                                               + datetime.timedelta(days=5))
    rows = client_for(area["officer"]).get("/opcc/grid/?period=2015/16-H2").context["rows"]
    south = next(r for r in rows if r.partnership.name == "South CSP")
    assert (south.counts["not_submitted"], south.counts["overdue"]) == (1, 0)


def test_grid_exports_as_csv_and_xlsx(area: dict[str, Any], client_for: Any) -> None:
    client = client_for(area["officer"])
    response = client.get("/opcc/grid/export/?period=2015/16-H1&format=csv")
    assert response["Content-Disposition"].endswith('opcc-returns-expected-2015-16-H1.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Partnership", "Period", "Expected", "Not submitted", "Overdue", "Submitted",
         "Accepted", "Returned for changes"],
        ["North CSP", "2015/16 H1", "2", "1", "1", "1", "0", "0"],
        ["Quiet CSP", "2015/16 H1", "0", "0", "0", "0", "0", "0"],
        ["South CSP", "2015/16 H1", "1", "0", "0", "0", "0", "1"],
    ]
    book = load_workbook(io.BytesIO(client.get(
        "/opcc/grid/export/?period=2015/16-H1&format=xlsx").content))
    sheet = book.active
    assert sheet is not None
    assert [list(r) for r in sheet.iter_rows(values_only=True)][1] == \
        ["North CSP", "2015/16 H1", 2, 1, 1, 1, 0, 0]
    bad = client.get("/opcc/grid/export/?period=2015-H1&format=csv")
    assert bad.status_code == 400


def test_a_bad_period_is_an_error_in_the_page(area: dict[str, Any], client_for: Any) -> None:
    response = client_for(area["officer"]).get("/opcc/grid/?period=nonsense")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_period"' in page


def test_breadcrumbs_on_a_return_lead_back_to_the_opcc_lists(area: dict[str, Any],
                                                             client_for: Any) -> None:
    north_h1 = area["returns"]["north_h1"]
    page = client_for(area["officer"]).get(
        f"/p/{area['north'].slug}/funding/returns/{north_h1.pk}/").content.decode()
    crumbs = re.findall(r'<a class="govuk-breadcrumbs__link" href="([^"]+)">([^<]+)</a>', page)
    assert crumbs == [("/opcc/", "Awaiting your decision"),
                      ("/opcc/grid/?period=2015/16-H1", "Returns for 2015/16 H1")]
    coordinator = member(area["north"], Role.COORDINATOR)
    theirs = client_for(coordinator).get(
        f"/p/{area['north'].slug}/funding/returns/{north_h1.pk}/").content.decode()
    assert "/opcc/" not in re.sub(r'<nav class="govuk-service-navigation.*?</nav>', "", theirs,
                                  flags=re.S)


def test_other_users_get_403_on_the_opcc_pages(area: dict[str, Any], client_for: Any) -> None:
    coordinator = member(area["north"], Role.COORDINATOR)
    for url in ("/opcc/", "/opcc/grid/?period=2015/16", "/opcc/grid/export/?period=2015/16"):
        assert client_for(coordinator).get(url).status_code == 403, url


def grow(office: Any, n: int) -> None:
    for _ in range(n):
        partnership = PartnershipFactory(pcc_office=office)
        for status in (ReturnStatus.SUBMITTED, ReturnStatus.RESUBMITTED):
            award = GrantAwardFactory(partnership=partnership, year_start=2015)
            send(award, "H1", status)
            send(award, "H2", ReturnStatus.ACCEPTED)


@pytest.mark.parametrize(("url", "expected"), [
    ("/opcc/", 5), ("/opcc/grid/?period=2015/16", 7), ("/opcc/grid/export/?period=2015/16", 4)])
def test_opcc_pages_are_flat(area: dict[str, Any], client_for: Any, url: str,
                             expected: int) -> None:
    client = client_for(area["officer"])
    grow(area["office"], 2)
    client.get(url)
    small = count_queries(lambda: client.get(url))
    grow(area["office"], 20)
    large = count_queries(lambda: client.get(url))
    assert client.get(url).status_code == 200
    assert (small, large) == (expected, expected), f"{url}: {small}, then {large}"


def test_the_returns_list_totals_each_kind_of_each_return(area: dict[str, Any],
                                                          client_for: Any) -> None:
    """Budget and actual per kind, summed over each return's own lines (two revenue lines and
    a capital one here; none on the other return, which shows £0.00)."""
    north_h1 = area["returns"]["north_h1"]
    for title, kind, budget, actual in [("Patrols", Kind.REVENUE, "1000.50", "400.25"),
                                        ("Mediation", Kind.REVENUE, "250.00", "100.00"),
                                        ("CCTV", Kind.CAPITAL, "5000.00", "4999.99")]:
        line = BudgetLineFactory(award=north_h1.award, title=title, kind=kind,
                                 budget=Decimal(budget))
        GrantReturnLine.objects.create(grant_return=north_h1, budget_line=line, kind=kind,
                                       title=title, budget=Decimal(budget),
                                       actual_to_date=Decimal(actual), forecast=Decimal(budget))
    response = client_for(area["officer"]).get("/opcc/returns/?period=2015/16-H1")
    assert response.status_code == 200
    cells = {r["r"].pk: r["totals"] for r in response.context["rows"]}
    assert cells[north_h1.pk] == {
        "revenue": {"budget": Decimal("1250.50"), "actual": Decimal("500.25")},
        "capital": {"budget": Decimal("5000.00"), "actual": Decimal("4999.99")}}
    assert cells[area["returns"]["south_h1"].pk] == {
        "revenue": {"budget": Decimal("0.00"), "actual": Decimal("0.00")},
        "capital": {"budget": Decimal("0.00"), "actual": Decimal("0.00")}}
    page = response.content.decode()
    assert "£1,250.50" in page and "£500.25" in page and "£4,999.99" in page
