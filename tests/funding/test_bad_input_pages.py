"""Every bad input of the issue, through the pages: a clear message in the page, nothing changed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from funding import services
from funding.models import BudgetLine, GrantAward, GrantReturn, Spend, Virement

SLUG = "huntingdonshire"


@pytest.fixture
def csf(demo: dict[str, Any]) -> GrantAward:
    return GrantAward.objects.get(partnership=demo["hunts"], year_start=2015)


@pytest.fixture
def finance(demo: dict[str, Any], client_for: Any) -> Any:
    return client_for(demo["users"]["finance@huntingdonshire.example"])


def text(response: Any) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize(("amount", "day", "message"), [
    ("-25.00", "2015-07-01", "The amount cannot be negative."),
    ("twelve", "2015-07-01", "“twelve” is not an amount: enter pounds and pence"),
    ("12.345", "2015-07-01", "no more than two decimal places"),
    ("0", "2015-07-01", "The amount must be more than £0.00."),
    ("25.00", "2016-04-01", "The date must be in the award&#x27;s financial year 2015/16"),
    ("25.00", "31 June 2015", "That date does not exist: June 2015 has no day 31"),
])
def test_bad_spend_is_refused_in_the_page(csf: GrantAward, finance: Any, amount: str, day: str,
                                          message: str) -> None:
    before = Spend.objects.count()
    line = csf.lines.first()
    assert line is not None
    response = finance.post(reverse("funding:spend_add", args=[SLUG, csf.pk]), {
        "line": line.pk, "spent_on": day, "amount": amount, "description": "Sessions"})
    assert response.status_code == 200
    assert "There is a problem" in text(response) and message in text(response)
    assert Spend.objects.count() == before


def test_spend_page_records_decimal_spend(csf: GrantAward, finance: Any) -> None:
    line = csf.lines.first()
    assert line is not None
    response = finance.post(reverse("funding:spend_add", args=[SLUG, csf.pk]), {
        "line": line.pk, "spent_on": "30/06/2015", "amount": "£1,234.56", "description": "Sessions"})
    assert response.status_code == 302
    assert Spend.objects.filter(line=line).latest("pk").amount == Decimal("1234.56")


def test_virement_over_the_remaining_budget_is_refused_in_the_page(csf: GrantAward,
                                                                   finance: Any) -> None:
    lines = list(csf.lines.order_by("order"))
    response = finance.post(reverse("funding:virement_add", args=[SLUG, csf.pk]), {
        "from_line": lines[4].pk, "to_line": lines[0].pk, "amount": "2000.00", "reason": "More"})
    assert response.status_code == 200
    assert "you cannot move £2,000.00" in text(response)
    assert "£126.55 of remaining budget" in text(response)
    assert not Virement.objects.exists()


def test_second_return_for_a_period_is_refused_in_the_page(csf: GrantAward, demo: dict[str, Any],
                                                           client_for: Any) -> None:
    client = client_for(demo["users"]["coordinator@huntingdonshire.example"])
    url = reverse("funding:return_start", args=[SLUG, csf.pk])
    # Only the periods without a return are offered.
    page = client.get(url).content.decode()
    assert 'value="H2"' in page and 'value="H1"' not in page
    response = client.post(url, {"part": "H1"})
    assert response.status_code == 200
    assert "That period already has a return" in text(response)
    assert GrantReturn.objects.filter(award=csf, part="H1").count() == 1
    # The service refuses it too, whatever the form offered.
    with pytest.raises(ValidationError, match="There is already a H1 2015/16 return"):
        services.return_start(award=csf, by=demo["users"]["coordinator@huntingdonshire.example"],
                              part="H1")


def test_locked_return_cannot_be_edited_through_the_page(csf: GrantAward, finance: Any) -> None:
    accepted = GrantReturn.objects.get(award=csf, part="H1")
    line = accepted.lines.first()
    assert line is not None
    url = reverse("funding:return_edit", args=[SLUG, accepted.pk])
    response = finance.post(url, {"return-summary": "Changed", f"line-{line.pk}-forecast": "1.00"},
                            follow=True)
    assert "This return cannot be changed now: it is accepted" in text(response)
    line.refresh_from_db()
    accepted.refresh_from_db()
    assert line.forecast != Decimal("1.00") and accepted.summary != "Changed"
    response = finance.post(reverse("funding:return_submit", args=[SLUG, accepted.pk]),
                            {"no_personal_data": "on"})
    assert response.status_code == 400
    assert "accepted and is locked" in text(response)


def test_submit_without_variance_explanations_is_refused_in_the_page(
        csf: GrantAward, demo: dict[str, Any], client_for: Any) -> None:
    coordinator = demo["users"]["coordinator@huntingdonshire.example"]
    client = client_for(coordinator)
    h2 = services.return_start(award=csf, by=coordinator, part="H2")
    lines = list(h2.lines.order_by("pk"))
    data = {"return-summary": "Second half"}
    for line in lines:
        data[f"line-{line.pk}-forecast"] = str(line.budget)
    data[f"line-{lines[0].pk}-forecast"] = "abc"
    response = client.post(reverse("funding:return_edit", args=[SLUG, h2.pk]), data)
    assert response.status_code == 400
    assert "is not an amount" in text(response)
    data[f"line-{lines[0].pk}-forecast"] = "100.00"  # far under its budget
    assert client.post(reverse("funding:return_edit", args=[SLUG, h2.pk]), data).status_code == 302
    response = client.post(reverse("funding:return_submit", args=[SLUG, h2.pk]), {})
    assert response.status_code == 400
    page = text(response)
    assert "Confirm that the return contains no personal data about service users." in page
    response = client.post(reverse("funding:return_submit", args=[SLUG, h2.pk]),
                           {"no_personal_data": "on"})
    assert response.status_code == 400
    assert f"Explain the variance on “{lines[0].title}”" in text(response)
    h2.refresh_from_db()
    assert h2.status == "draft"


def test_returning_without_a_comment_is_refused(csf: GrantAward, demo: dict[str, Any],
                                               client_for: Any) -> None:
    coordinator = demo["users"]["coordinator@huntingdonshire.example"]
    h2 = services.return_start(award=csf, by=coordinator, part="H2")
    services.return_submit(grant_return=h2, by=coordinator, no_personal_data=True)
    opcc = client_for(demo["users"]["opcc@cambridgeshire-pcc.example"])
    url = reverse("funding:return_review", args=[SLUG, h2.pk])
    response = opcc.post(url, {"decision": "return", "comment": ""})
    assert response.status_code == 200
    assert "Say what needs to change before the return can be accepted." in text(response)
    response = opcc.post(url, {})
    assert "Choose whether to accept the return or return it" in text(response)
    h2.refresh_from_db()
    assert h2.status == "submitted"


def test_bad_award_and_line_input(demo: dict[str, Any], client_for: Any, csf: GrantAward) -> None:
    client = client_for(demo["users"]["coordinator@huntingdonshire.example"])
    # The demo's four: 2008/09 SSCF, 2015/16 CSF (seeds), last year's and this year's CSF.
    assert GrantAward.objects.filter(partnership=demo["hunts"]).count() == 4
    response = client.post(reverse("funding:award_add", args=[SLUG]), {
        "stream": csf.stream_id, "year_start": "2015", "revenue_amount": "-5",
        "schedule": "six_monthly", "variance_threshold_percent": "10"})
    page = text(response)
    assert "a financial year runs from one year into the next" in page or "is not a period" in page
    assert "The amount cannot be negative." in page
    response = client.post(reverse("funding:award_add", args=[SLUG]), {
        "stream": csf.stream_id, "year_start": "2015/16", "revenue_amount": "100",
        "schedule": "six_monthly", "variance_threshold_percent": "10"})
    assert "There is already a Community Safety Fund award for 2015/16." in text(response)
    before = BudgetLine.objects.filter(award=csf).count()
    response = client.post(reverse("funding:line_add", args=[SLUG, csf.pk]), {
        "title": "Extra", "kind": "revenue", "budget": "0.01"})
    assert "£0.00 is left to allocate" in text(response)
    assert BudgetLine.objects.filter(award=csf).count() == before
    assert GrantAward.objects.filter(partnership=demo["hunts"]).count() == 4  # none added


def test_dashboard_shows_the_funding_panel(demo: dict[str, Any], client_for: Any) -> None:
    client = client_for(demo["users"]["board.member@huntingdonshire.example"])
    page = text(client.get(reverse("partnership:dashboard", args=[SLUG])))
    assert "Community Safety Fund 2015/16" in page
    assert "Funding" in page


def test_my_work_lists_returns_to_complete_and_to_decide(csf: GrantAward, demo: dict[str, Any],
                                                         client_for: Any) -> None:
    coordinator = demo["users"]["coordinator@huntingdonshire.example"]
    h2 = services.return_start(award=csf, by=coordinator, part="H2")
    url = reverse("partnership:my_work", args=[SLUG])
    assert "No returns are waiting for your decision." in text(
        client_for(demo["users"]["opcc@cambridgeshire-pcc.example"]).get(url))
    services.return_submit(grant_return=h2, by=coordinator, no_personal_data=True)
    page = text(client_for(demo["users"]["opcc@cambridgeshire-pcc.example"]).get(url))
    assert "Community Safety Fund 2015/16 H2 return</a>: submitted" in page
    assert "Grant returns" not in text(client_for(demo["users"]["viewer@huntingdonshire.example"]).get(url))
