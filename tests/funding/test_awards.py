"""Awards and budget lines: schedules, allocation limits, capital and revenue kept apart."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from funding import services
from funding.models import BudgetLine, GrantAward, Kind, ReturnDue
from funding.selectors import award_page
from tests.pdfs import blank_pdf

from .factories import BudgetLineFactory, FundingStreamFactory, SpendFactory

pytestmark = pytest.mark.django_db


def test_award_gets_the_default_six_monthly_schedule(people: Any, award: Any) -> None:
    stream: Any = FundingStreamFactory(name="Partnership Locality Fund")
    new = services.award_create(partnership=award.partnership, by=people["finance"], stream=stream,
                                year_start=2017, revenue_amount=Decimal("49573"),
                                capital_amount=Decimal("0"))
    assert new.amount == Decimal("49573.00")
    assert [(d.part, d.due_on) for d in ReturnDue.objects.filter(award=new)] == [
        ("H1", datetime.date(2017, 10, 31)), ("H2", datetime.date(2018, 4, 30))]
    quarterly = services.award_create(partnership=award.partnership, by=people["coordinator"],
                                      stream=stream, year_start=2018, revenue_amount=Decimal("1"),
                                      capital_amount=Decimal("0"), schedule="quarterly")
    assert [d.part for d in quarterly.schedule.all()] == ["Q1", "Q2", "Q3", "Q4"]


def test_award_refuses_duplicates_negatives_and_nothing(people: Any, award: Any) -> None:
    before = GrantAward.objects.count()
    kwargs = {"partnership": award.partnership, "by": people["finance"], "stream": award.stream}
    with pytest.raises(ValidationError, match="already"):
        services.award_create(**kwargs, year_start=2015, revenue_amount=Decimal("1"),
                              capital_amount=Decimal("0"))
    with pytest.raises(ValidationError, match="negative"):
        services.award_create(**kwargs, year_start=2016, revenue_amount=Decimal("-1"),
                              capital_amount=Decimal("5"))
    with pytest.raises(ValidationError, match=re.escape("above £0.00")):
        services.award_create(**kwargs, year_start=2016, revenue_amount=Decimal("0"),
                              capital_amount=Decimal("0"))
    with pytest.raises(PermissionDenied):
        services.award_create(partnership=award.partnership, by=people["lead"], stream=award.stream,
                              year_start=2016, revenue_amount=Decimal("1"), capital_amount=Decimal("0"))
    assert GrantAward.objects.count() == before
    assert ReturnDue.objects.filter(award__year_start=2016).count() == 0


def test_lines_cannot_allocate_more_than_the_kind_awarded(people: Any, award: Any) -> None:
    finance = people["finance"]
    services.budget_line_add(award=award, by=finance, title="2 x ASB case workers", kind=Kind.REVENUE,
                             budget=Decimal("22000.00"))
    with pytest.raises(ValidationError) as error:
        services.budget_line_add(award=award, by=finance, title="Community Chest", kind=Kind.REVENUE,
                                 budget=Decimal("990.01"))
    assert "£990.00 is left to allocate" in str(error.value)
    # The revenue left over cannot be used for capital, nor capital for revenue.
    services.budget_line_add(award=award, by=finance, title="Community Chest", kind=Kind.REVENUE,
                             budget=Decimal("990.00"))
    services.budget_line_add(award=award, by=finance, title="CCTV Women's Refuge", kind=Kind.CAPITAL,
                             budget=Decimal("28996.00"))
    with pytest.raises(ValidationError, match="capital"):
        services.budget_line_add(award=award, by=finance, title="Equipment", kind=Kind.CAPITAL,
                                 budget=Decimal("0.01"))
    assert BudgetLine.objects.filter(award=award).count() == 3


def test_line_profiles_must_add_up_and_duplicates_are_refused(people: Any, award: Any) -> None:
    finance = people["finance"]
    with pytest.raises(ValidationError, match="add up to the budget"):
        services.budget_line_add(award=award, by=finance, title="Fusion", kind=Kind.REVENUE,
                                 budget=Decimal("3418.00"), profile_h1=Decimal("1709.00"),
                                 profile_h2=Decimal("1709.01"))
    line = services.budget_line_add(award=award, by=finance, title="Fusion", kind=Kind.REVENUE,
                                    budget=Decimal("3418.00"), profile_h1=Decimal("1709.00"),
                                    profile_h2=Decimal("1709.00"))
    assert line.profile_h1 == Decimal("1709.00")
    with pytest.raises(ValidationError, match="already a revenue line"):
        services.budget_line_add(award=award, by=finance, title="Fusion", kind=Kind.REVENUE,
                                 budget=Decimal("1.00"))
    # The same title as capital is a different line.
    services.budget_line_add(award=award, by=finance, title="Fusion", kind=Kind.CAPITAL,
                             budget=Decimal("796.00"))


def test_award_page_totals_reconcile_and_never_mix_capital_and_revenue(award: Any) -> None:
    revenue = [BudgetLineFactory(award=award, budget=Decimal("7663.33")) for _ in range(3)]
    capital = BudgetLineFactory(award=award, budget=Decimal("4450.00"), capital=True)
    for line in revenue:
        SpendFactory(line=line, amount=Decimal("0.10"), spent_on=datetime.date(2015, 4, 1))
        SpendFactory(line=line, amount=Decimal("0.20"), spent_on=datetime.date(2015, 10, 1))
    SpendFactory(line=capital, amount=Decimal("4450.00"), spent_on=datetime.date(2016, 3, 31))
    page = award_page(award=award, today=datetime.date(2015, 11, 1))
    blocks = {b.kind: b for b in page.blocks}
    assert blocks["revenue"].budget == Decimal("22989.99")
    assert blocks["revenue"].unallocated == Decimal("0.01")
    assert blocks["revenue"].spent == Decimal("0.90")
    assert blocks["revenue"].spent_h1 == Decimal("0.30")
    assert blocks["revenue"].spent_h2 == Decimal("0.60")
    assert blocks["revenue"].spent_h1 + blocks["revenue"].spent_h2 == blocks["revenue"].spent
    assert blocks["revenue"].remaining == Decimal("22989.09")
    assert blocks["capital"].spent == Decimal("4450.00")
    assert blocks["capital"].percent_spent == Decimal("100.0")
    assert all(f.line.kind == "revenue" for f in blocks["revenue"].lines)
    assert [f.line for f in blocks["capital"].lines] == [capital]
    for figures in page.figures:
        assert isinstance(figures.spent, Decimal) and figures.spent.as_tuple().exponent == -2


def test_award_page_warns_of_overspend_and_underspend(award: Any) -> None:
    line = BudgetLineFactory(award=award, title="Bobby Scheme", budget=Decimal("4000.00"))
    BudgetLineFactory(award=award, title="Unspent", budget=Decimal("18990.00"))
    SpendFactory(line=line, amount=Decimal("4000.01"), spent_on=datetime.date(2015, 6, 1))
    warnings = award_page(award=award, today=datetime.date(2015, 12, 31)).warnings
    assert any("“Bobby Scheme” has spent £4,000.01, £0.01 more than its budget" in w for w in warnings)
    assert any(w.startswith("At risk of underspend") for w in warnings)
    # Too early in the year to forecast: no underspend warning in April.
    early = award_page(award=award, today=datetime.date(2015, 4, 20)).warnings
    assert not any("underspend" in w for w in early)


def test_award_letter_is_checked_by_content_and_served_to_readers(people: Any, award: Any,
                                                                  client_for: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    stream: Any = FundingStreamFactory(name="Locality Fund")
    fake = SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="contents do not match"):
        services.award_create(partnership=award.partnership, by=people["coordinator"], stream=stream,
                              year_start=2017, revenue_amount=Decimal("100"),
                              capital_amount=Decimal("0"), award_letter=fake)
    assert not GrantAward.objects.filter(stream=stream).exists()
    letter = SimpleUploadedFile("letter.pdf", blank_pdf(),
                                content_type="application/pdf")
    new = services.award_create(partnership=award.partnership, by=people["coordinator"], stream=stream,
                                year_start=2017, revenue_amount=Decimal("100"),
                                capital_amount=Decimal("0"), award_letter=letter)
    url = reverse("funding:award_letter", args=[award.partnership.slug, new.pk])
    response = client_for(people["lead"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment")


def test_a_closed_award_takes_no_more_spend_lines_or_virements(people: Any, lines: Any,
                                                               award: Any) -> None:
    from funding.models import AwardStatus, Spend, Virement

    pending = services.virement_request(from_line=lines["asb"], to_line=lines["chest"],
                                        by=people["finance"], amount=Decimal("5"), reason="x")
    services.award_set_status(award=award, by=people["finance"], status=AwardStatus.CLOSED)
    award.refresh_from_db()
    lines["asb"].award = award
    with pytest.raises(ValidationError, match="closed: spend can no longer be recorded"):
        services.spend_record(line=lines["asb"], by=people["finance"],
                              spent_on=datetime.date(2015, 6, 1), amount=Decimal("1"), description="x")
    with pytest.raises(ValidationError, match="closed: lines can no longer be added"):
        services.budget_line_add(award=award, by=people["finance"], title="New", kind=Kind.REVENUE,
                                 budget=Decimal("0"))
    with pytest.raises(ValidationError, match="closed: money can no longer be moved"):
        services.virement_request(from_line=lines["asb"], to_line=lines["chest"], by=people["finance"],
                                  amount=Decimal("1"), reason="x")
    with pytest.raises(ValidationError, match="closed: money can no longer be moved"):
        services.virement_decide(virement=pending, by=people["coordinator"], approve=True)
    assert (Spend.objects.count(), Virement.objects.count()) == (0, 1)
    with pytest.raises(PermissionDenied):
        services.award_set_status(award=award, by=people["lead"], status=AwardStatus.ACTIVE)
    services.award_set_status(award=award, by=people["coordinator"], status=AwardStatus.ACTIVE)
    award.refresh_from_db()
    lines["asb"].award = award
    services.spend_record(line=lines["asb"], by=people["finance"], spent_on=datetime.date(2015, 6, 1),
                          amount=Decimal("1"), description="x")


def test_changing_a_line_keeps_the_money_rules(people: Any, lines: Any, award: Any) -> None:
    asb, chest = lines["asb"], lines["chest"]
    SpendFactory(line=chest, amount=Decimal("4000.00"))
    finance = people["finance"]
    with pytest.raises(ValidationError, match=re.escape("at most £18,353.00")):
        services.budget_line_update(line=asb, by=finance, title=asb.title, budget=Decimal("18353.01"))
    with pytest.raises(ValidationError, match=re.escape("£4,000.00 has been spent on this line")):
        services.budget_line_update(line=chest, by=finance, title=chest.title, budget=Decimal("3999.99"))
    with pytest.raises(ValidationError, match="already a revenue line"):
        services.budget_line_update(line=chest, by=finance, title=asb.title, budget=Decimal("4637.00"))
    with pytest.raises(PermissionDenied):
        services.budget_line_update(line=chest, by=people["lead"], title="x", budget=Decimal("4637.00"))
    chest.refresh_from_db()
    assert (chest.title, chest.budget) == ("Community Chest", Decimal("4637.00"))
    services.budget_line_update(line=asb, by=finance, title="ASB case workers (2)",
                                budget=Decimal("18353.00"), profile_h1=Decimal("9176.50"),
                                profile_h2=Decimal("9176.50"))
    asb.refresh_from_db()
    assert (asb.title, asb.budget, asb.kind) == ("ASB case workers (2)", Decimal("18353.00"), "revenue")
