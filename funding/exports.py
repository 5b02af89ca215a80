"""The spreadsheets a return is exported as. Every sheet goes through ``partnership.exports``
(formula injection neutralised); money stays Decimal and is formatted #,##0.00.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from partnership.exports import Sheet

from .models import GrantReturn, GrantReturnLine, Kind
from .money import total

FINANCIAL_HEADER = ["Line", "Lead organisation", "Budget (£)", "Actual to date (£)",
                    "Forecast outturn (£)", "Variance (£)", "Explanation of variance"]


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else ""


def summary_sheet(grant_return: GrantReturn) -> Sheet:
    award = grant_return.award
    rows: list[Sequence[Any]] = [
        ("Partnership", award.partnership.name),
        ("Funding stream", award.stream.name),
        ("Awarding body", award.stream.awarding_body),
        ("Financial year", award.financial_year.label),
        ("Period", grant_return.period.label),
        ("Revision", grant_return.revision),
        ("Status", grant_return.get_status_display()),
        ("Revenue award (£)", award.revenue_amount),
        ("Capital award (£)", award.capital_amount),
        ("Submitted by", str(grant_return.submitted_by or "")),
        ("Submitted at", _when(grant_return.submitted_at)),
        ("Decided by", str(grant_return.decided_by or "")),
        ("Decided at", _when(grant_return.decided_at)),
        ("OPCC comments", grant_return.review_comment),
        ("Overall progress", grant_return.summary),
        ("Personal data", "This return contains no personal data about service users."),
    ]
    return Sheet(title="Return", header=["Item", "Value"], rows=rows)


def financial_sheet(kind: Kind, lines: Iterable[GrantReturnLine]) -> Sheet:
    """One table per kind: capital and revenue are never in the same total."""
    rows: list[Sequence[Any]] = []
    chosen = [line for line in lines if line.kind == kind]
    for line in chosen:
        organisation = line.budget_line.lead_organisation
        rows.append((line.title, str(organisation or ""), line.budget, line.actual_to_date,
                     line.forecast, line.variance, line.variance_explanation))
    rows.append((f"Total {kind.label.lower()}", "", total(r.budget for r in chosen),
                 total(r.actual_to_date for r in chosen), total(r.forecast for r in chosen),
                 total(r.variance for r in chosen), ""))
    return Sheet(title=f"{kind.label} monitoring", header=FINANCIAL_HEADER, rows=rows,
                 money_columns=(2, 3, 4, 5))


def _measures(line: GrantReturnLine) -> str:
    return "; ".join(m.name for m in line.measures.all())


def progress_sheet(lines: Iterable[GrantReturnLine]) -> Sheet:
    rows = [(line.title, line.get_kind_display(), line.outputs, line.outcomes, _measures(line))
            for line in lines]
    return Sheet(title="Progress and achievement", header=["Line", "Capital or revenue", "Outputs",
                                                           "Outcomes", "Linked measures"], rows=rows)


def return_sheets(grant_return: GrantReturn, lines: Sequence[GrantReturnLine], *,
                  whole: bool) -> list[Sheet]:
    """The financial monitoring form (``whole=False``) or the whole return."""
    sheets = [summary_sheet(grant_return)]
    kinds = [kind for kind in (Kind.REVENUE, Kind.CAPITAL) if any(line.kind == kind for line in lines)]
    sheets += [financial_sheet(kind, lines) for kind in kinds]
    if whole:
        sheets.append(progress_sheet(lines))
    return sheets


OPCC_LINE_HEADER = ["Partnership", "Funding stream", "Financial year", "Period", "Revision",
                    "Status", "Capital or revenue", "Line", "Budget (£)", "Actual to date (£)",
                    "Forecast outturn (£)", "Variance (£)", "Explanation of variance", "Outputs",
                    "Outcomes", "Linked measures"]
OPCC_RETURN_HEADER = ["Partnership", "Funding stream", "Financial year", "Period", "Revision",
                      "Status", "Submitted", "Decided", "Revenue budget (£)", "Revenue actual (£)",
                      "Revenue forecast (£)", "Revenue variance (£)", "Capital budget (£)",
                      "Capital actual (£)", "Capital forecast (£)", "Capital variance (£)"]


def _return_key(grant_return: GrantReturn) -> list[Any]:
    award = grant_return.award
    return [award.partnership.name, award.stream.name, award.financial_year.label,
            grant_return.part, grant_return.revision, grant_return.get_status_display()]


def opcc_lines_sheet(returns: Iterable[GrantReturn]) -> Sheet:
    """One row per line of every return (the CSV, and a sheet of the XLSX)."""
    rows: list[Sequence[Any]] = []
    for grant_return in returns:
        key = _return_key(grant_return)
        for line in grant_return.lines.all():
            rows.append([*key, line.get_kind_display(), line.title, line.budget,
                         line.actual_to_date, line.forecast, line.variance,
                         line.variance_explanation, line.outputs, line.outcomes, _measures(line)])
    return Sheet(title="Lines", header=OPCC_LINE_HEADER, rows=rows, money_columns=(8, 9, 10, 11))


def opcc_returns_sheet(returns: Iterable[GrantReturn]) -> Sheet:
    rows: list[Sequence[Any]] = []
    for grant_return in returns:
        figures: list[Decimal] = []
        for kind in (Kind.REVENUE, Kind.CAPITAL):
            chosen = [line for line in grant_return.lines.all() if line.kind == kind]
            figures += [total(r.budget for r in chosen), total(r.actual_to_date for r in chosen),
                        total(r.forecast for r in chosen), total(r.variance for r in chosen)]
        rows.append([*_return_key(grant_return), _when(grant_return.submitted_at),
                     _when(grant_return.decided_at), *figures])
    return Sheet(title="Returns", header=OPCC_RETURN_HEADER, rows=rows,
                 money_columns=tuple(range(8, 16)))


def opcc_sheets(returns: Sequence[GrantReturn]) -> list[Sheet]:
    return [opcc_returns_sheet(returns), opcc_lines_sheet(returns)]
