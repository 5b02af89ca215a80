"""Build many lines or returns quickly (bulk_create) for the query-count tests and the benchmark."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from funding.models import (
    BudgetLine,
    FundingStream,
    GrantAward,
    GrantReturn,
    GrantReturnLine,
    Kind,
    ReturnDue,
    ReturnStatus,
    Spend,
    Virement,
    default_schedule,
)
from partnership.models import Partnership, PccOffice

D = Decimal


def award_with_lines(partnership: Partnership, count: int, *, year: int = 2015,
                     stream_name: str = "Bulk fund") -> GrantAward:
    """An award with ``count`` lines (a fifth capital), two spend entries each and a few virements."""
    stream, _ = FundingStream.objects.get_or_create(name=stream_name,
                                                    defaults={"awarding_body": "PCC"})
    capital = count // 5
    award = GrantAward.objects.create(
        partnership=partnership, stream=stream, year_start=year,
        revenue_amount=D("1000.00") * (count - capital), capital_amount=D("1000.00") * capital,
        amount=D("1000.00") * count)
    for part, due_on in default_schedule(award.financial_year):
        ReturnDue.objects.create(award=award, part=part, due_on=due_on)
    lines = BudgetLine.objects.bulk_create([
        BudgetLine(award=award, title=f"Line {n}", kind=Kind.CAPITAL if n < capital else Kind.REVENUE,
                   budget=D("1000.00"), order=n) for n in range(count)])
    Spend.objects.bulk_create([
        Spend(line=line, spent_on=datetime.date(year, month, 15), amount=D("123.45"),
              description="Invoice") for line in lines for month in (6, 11)])
    revenue = [line for line in lines if line.kind == Kind.REVENUE]
    Virement.objects.bulk_create([
        Virement(from_line=revenue[i], to_line=revenue[i + 1], amount=D("10.00"), reason="Move",
                 status="approved" if i % 2 else "pending") for i in range(0, min(6, len(revenue) - 1))])
    return award


def returns_across_partnerships(office: PccOffice, count: int, *, partnerships: int = 10,
                                lines_per_return: int = 2) -> list[GrantReturn]:
    """``count`` submitted H1 2015/16 returns spread over partnerships of one OPCC office."""
    homes = [Partnership.objects.create(
        name=f"Bulk CSP {office.pk}-{n}", slug=f"bulk-{office.pk}-{n}", area=f"Area {n}",
        police_force_area=office.police_force_area, pcc_office=office) for n in range(partnerships)]
    per = -(-count // partnerships)
    streams = [FundingStream.objects.get_or_create(name=f"Bulk stream {n}",
                                                   defaults={"awarding_body": "PCC"})[0]
               for n in range(per)]
    awards: list[Any] = GrantAward.objects.bulk_create([
        GrantAward(partnership=homes[i % partnerships], stream=streams[i // partnerships],
                   year_start=2015, revenue_amount=D("1000.00"), capital_amount=D("500.00"),
                   amount=D("1500.00")) for i in range(count)])
    lines = BudgetLine.objects.bulk_create([
        BudgetLine(award=award, title=f"Line {k}", kind=Kind.CAPITAL if k == 0 else Kind.REVENUE,
                   budget=D("500.00"), order=k) for award in awards for k in range(lines_per_return)])
    returns = GrantReturn.objects.bulk_create([
        GrantReturn(award=award, part="H1", status=ReturnStatus.SUBMITTED, no_personal_data=True)
        for award in awards])
    by_award = {r.award_id: r for r in returns}
    GrantReturnLine.objects.bulk_create([
        GrantReturnLine(grant_return=by_award[line.award_id], budget_line=line, kind=line.kind,
                        title=line.title, budget=line.budget, actual_to_date=D("250.00"),
                        forecast=line.budget) for line in lines])
    return returns
