"""Spend is refused when negative or outside the award year; virements change nothing until
approved, never exceed the from-line's remaining budget and never mix capital and revenue."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from funding import services
from funding.models import Spend, Virement, VirementStatus
from funding.selectors import award_page, line_figures

from .factories import SpendFactory, VirementFactory

pytestmark = pytest.mark.django_db
D = Decimal


def spend(people: Any, line: Any, amount: str, day: datetime.date = datetime.date(2015, 6, 1)) -> Spend:
    return services.spend_record(line=line, by=people["finance"], spent_on=day, amount=D(amount),
                                 description="Invoice", reference="INV-1")


def test_spend_is_recorded_as_exact_decimal(people: Any, lines: Any) -> None:
    spend(people, lines["chest"], "1234.56")
    spend(people, lines["chest"], "0.01")
    assert line_figures(lines["chest"]).spent == D("1234.57")
    assert line_figures(lines["chest"]).remaining == D("3402.43")


@pytest.mark.parametrize(("amount", "day", "message"), [
    ("-10.00", datetime.date(2015, 6, 1), "more than £0.00"),
    ("0.00", datetime.date(2015, 6, 1), "more than £0.00"),
    ("10.00", datetime.date(2015, 3, 31), "financial year 2015/16"),
    ("10.00", datetime.date(2016, 4, 1), "financial year 2015/16"),
])
def test_bad_spend_is_refused_and_nothing_saved(people: Any, lines: Any, amount: str,
                                                day: datetime.date, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        spend(people, lines["chest"], amount, day)
    assert Spend.objects.count() == 0


def test_only_bookkeepers_record_spend(people: Any, lines: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.spend_record(line=lines["chest"], by=people["lead"], spent_on=datetime.date(2015, 6, 1),
                              amount=D("1"), description="x")
    spend(people, lines["chest"], "5")  # finance officer
    services.spend_record(line=lines["chest"], by=people["coordinator"],
                          spent_on=datetime.date(2016, 3, 31), amount=D("1"), description="y")
    assert Spend.objects.count() == 2


def test_virement_changes_nothing_until_approved(people: Any, lines: Any) -> None:
    asb, chest = lines["asb"], lines["chest"]
    virement = services.virement_request(from_line=asb, to_line=chest, by=people["finance"],
                                         amount=D("1000.00"), reason="Case worker vacancy")
    assert virement.status == VirementStatus.PENDING
    assert line_figures(asb).budget == D("15000.00")
    assert line_figures(chest).budget == D("4637.00")
    services.virement_decide(virement=virement, by=people["coordinator"], approve=True)
    virement.refresh_from_db()
    assert virement.status == VirementStatus.APPROVED and virement.decided_by == people["coordinator"]
    assert line_figures(asb).budget == D("14000.00")
    assert line_figures(chest).budget == D("5637.00")
    # Totals of the kind are unchanged: money moved, none created.
    revenue = next(b for b in award_page(award=asb.award).blocks if b.kind == "revenue")
    assert revenue.budget == D("19637.00")


def test_rejected_virement_changes_nothing(people: Any, lines: Any) -> None:
    virement: Any = VirementFactory(from_line=lines["asb"], to_line=lines["chest"], amount=D("500"))
    services.virement_decide(virement=virement, by=people["coordinator"], approve=False)
    assert line_figures(lines["asb"]).budget == D("15000.00")
    with pytest.raises(ValidationError, match="already rejected"):
        services.virement_decide(virement=virement, by=people["coordinator"], approve=True)


def test_virement_cannot_exceed_the_remaining_budget(people: Any, lines: Any) -> None:
    chest, asb = lines["chest"], lines["asb"]
    SpendFactory(line=chest, amount=D("4000.00"))
    with pytest.raises(ValidationError) as error:
        services.virement_request(from_line=chest, to_line=asb, by=people["finance"],
                                  amount=D("637.01"), reason="More case work")
    assert "£637.00 of remaining budget" in str(error.value)
    services.virement_request(from_line=chest, to_line=asb, by=people["finance"], amount=D("600.00"),
                              reason="More case work")
    # A second request cannot take what the pending one has asked for.
    with pytest.raises(ValidationError, match=re.escape("£37.00 of remaining budget")):
        services.virement_request(from_line=chest, to_line=asb, by=people["finance"],
                                  amount=D("37.01"), reason="More")
    assert Virement.objects.count() == 1


def test_approval_rechecks_the_remaining_budget(people: Any, lines: Any) -> None:
    chest, asb = lines["chest"], lines["asb"]
    virement = services.virement_request(from_line=chest, to_line=asb, by=people["finance"],
                                         amount=D("600.00"), reason="More case work")
    SpendFactory(line=chest, amount=D("4100.00"))  # spent after the request
    with pytest.raises(ValidationError, match=re.escape("only £537.00 of remaining budget")):
        services.virement_decide(virement=virement, by=people["coordinator"], approve=True)
    virement.refresh_from_db()
    assert virement.status == VirementStatus.PENDING
    assert line_figures(asb).budget == D("15000.00")


def test_capital_and_revenue_never_mix(people: Any, lines: Any) -> None:
    with pytest.raises(ValidationError, match="Capital and revenue cannot be mixed"):
        services.virement_request(from_line=lines["cctv"], to_line=lines["chest"], by=people["finance"],
                                  amount=D("10"), reason="x")
    with pytest.raises(ValidationError, match=re.escape("more than £0.00")):
        services.virement_request(from_line=lines["asb"], to_line=lines["chest"], by=people["finance"],
                                  amount=D("-10"), reason="x")
    with pytest.raises(ValidationError, match="different line"):
        services.virement_request(from_line=lines["asb"], to_line=lines["asb"], by=people["finance"],
                                  amount=D("10"), reason="x")
    assert Virement.objects.count() == 0


def test_approval_needs_a_coordinator_other_than_the_requester(people: Any, lines: Any) -> None:
    virement = services.virement_request(from_line=lines["asb"], to_line=lines["chest"],
                                         by=people["coordinator"], amount=D("10"), reason="x")
    for user in (people["coordinator"], people["finance"], people["lead"]):
        with pytest.raises(PermissionDenied):
            services.virement_decide(virement=virement, by=user, approve=True)
    services.virement_decide(virement=virement, by=people["coordinator2"], approve=True)
    assert line_figures(lines["chest"]).budget == D("4647.00")


def test_the_award_page_offers_the_decision_on_a_virement_only_to_another_coordinator(
        people: Any, lines: Any, client_for: Any) -> None:
    """The rule lives in funding/rules.py ("never their own request"); the page asks it."""
    asb, chest = lines["asb"], lines["chest"]
    services.virement_request(from_line=asb, to_line=chest, by=people["coordinator"],
                              amount=D("100.00"), reason="Vacancy")
    url = f"/p/{asb.award.partnership.slug}/funding/awards/{asb.award.pk}/"
    own = client_for(people["coordinator"]).get(url).content.decode()
    other = client_for(people["coordinator2"]).get(url).content.decode()
    assert "Another coordinator must decide your own request." in own
    assert 'value="approve"' not in own
    assert "Another coordinator must decide your own request." not in other
    assert 'value="approve"' in other
    with pytest.raises(PermissionDenied):
        services.virement_decide(virement=Virement.objects.get(), by=people["coordinator"],
                                 approve=True)
