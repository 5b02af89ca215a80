"""Reads for the funding pages. Each runs a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnership.models import Partnership, User
from partnership.periods import FinancialYear, Period

from .models import (
    RETURN_WORKFLOW,
    BudgetLine,
    GrantAward,
    GrantReturn,
    GrantReturnLine,
    Kind,
    ReturnDue,
    ReturnEvent,
    ReturnStatus,
    Spend,
    Virement,
)
from .money import ZERO, money, percent, total
from .variance import explanation_required

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_of(queryset: QuerySet[Any], group: str) -> Coalesce:
    """A correlated subquery: the sum of ``amount`` for the outer line (0.00 when none)."""
    summed = queryset.values(group).annotate(s=Sum("amount")).values("s")
    return Coalesce(Subquery(summed, output_field=MONEY), Value(ZERO), output_field=MONEY)


def lines_with_figures(*, award: GrantAward, spent_until: datetime.date | None = None
                       ) -> QuerySet[BudgetLine]:
    """The award's lines annotated with spend (to date, per half) and approved virements."""
    year = award.financial_year
    h1, h2 = year.halves()
    spend = Spend.objects.filter(line=OuterRef("pk"))
    if spent_until is not None:
        spend = spend.filter(spent_on__lte=spent_until)
    approved = Virement.objects.approved()
    return (BudgetLine.objects.filter(award=award)
            .select_related("lead_organisation", "priority")
            .annotate(
                spent=_sum_of(spend, "line"),
                spent_h1=_sum_of(spend.filter(spent_on__gte=h1.starts_on, spent_on__lte=h1.ends_on),
                                 "line"),
                spent_h2=_sum_of(spend.filter(spent_on__gte=h2.starts_on, spent_on__lte=h2.ends_on),
                                 "line"),
                moved_in=_sum_of(approved.filter(to_line=OuterRef("pk")), "to_line"),
                moved_out=_sum_of(approved.filter(from_line=OuterRef("pk")), "from_line"),
                pending_out=_sum_of(Virement.objects.pending().filter(from_line=OuterRef("pk")),
                                    "from_line"),
            ).order_by("kind", "order", "pk"))


@dataclass
class LineFigures:
    line: BudgetLine
    original_budget: Decimal
    budget: Decimal  # after approved virements
    spent: Decimal
    spent_h1: Decimal
    spent_h2: Decimal
    pending_out: Decimal

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def available_to_move(self) -> Decimal:
        """What a new virement may take: remaining budget less pending requests."""
        return self.remaining - self.pending_out

    @property
    def percent_spent(self) -> Decimal | None:
        return percent(self.spent, self.budget)

    @property
    def overspent(self) -> bool:
        return self.spent > self.budget

    @property
    def moved(self) -> Decimal:
        return self.budget - self.original_budget


def figures_for(line: BudgetLine) -> LineFigures:
    """Figures of a line from :func:`lines_with_figures` annotations."""
    annotated: Any = line
    return LineFigures(
        line=line, original_budget=money(line.budget),
        budget=money(line.budget + annotated.moved_in - annotated.moved_out),
        spent=money(annotated.spent), spent_h1=money(annotated.spent_h1),
        spent_h2=money(annotated.spent_h2), pending_out=money(annotated.pending_out))


def line_figures(line: BudgetLine) -> LineFigures:
    """One line's figures, read afresh (services use it under a row lock)."""
    return figures_for(lines_with_figures(award=line.award).get(pk=line.pk))


@dataclass
class KindBlock:
    """Capital or revenue: its lines and totals. The two are never added together."""

    kind: str
    label: str
    awarded: Decimal
    lines: list[LineFigures] = field(default_factory=list)

    @property
    def budget(self) -> Decimal:
        return total(f.budget for f in self.lines)

    @property
    def unallocated(self) -> Decimal:
        return self.awarded - self.budget

    @property
    def spent(self) -> Decimal:
        return total(f.spent for f in self.lines)

    @property
    def spent_h1(self) -> Decimal:
        return total(f.spent_h1 for f in self.lines)

    @property
    def spent_h2(self) -> Decimal:
        return total(f.spent_h2 for f in self.lines)

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.spent

    @property
    def percent_spent(self) -> Decimal | None:
        return percent(self.spent, self.budget)


@dataclass
class ScheduleRow:
    due: ReturnDue
    current: GrantReturn | None
    overdue: bool


@dataclass
class AwardPage:
    award: GrantAward
    blocks: list[KindBlock]
    warnings: list[str]
    pending_virements: list[Virement]
    schedule: list[ScheduleRow]
    recent_spend: list[Spend]

    @property
    def figures(self) -> list[LineFigures]:
        return [f for block in self.blocks for f in block.lines]


def kind_blocks(award: GrantAward, figures: list[LineFigures]) -> list[KindBlock]:
    blocks = []
    for kind in (Kind.REVENUE, Kind.CAPITAL):
        block = KindBlock(kind=kind.value, label=str(kind.label), awarded=award.amount_for(kind),
                          lines=[f for f in figures if f.line.kind == kind])
        if block.lines or block.awarded:
            blocks.append(block)
    return blocks


def award_warnings(award: GrantAward, blocks: list[KindBlock], today: datetime.date) -> list[str]:
    """Overspent lines, and kinds at risk of underspend by the year end at the current rate."""
    warnings = []
    for block in blocks:
        for figures in block.lines:
            if figures.overspent:
                warnings.append(
                    f"“{figures.line.title}” has spent £{figures.spent:,.2f}, "
                    f"£{figures.spent - figures.budget:,.2f} more than its budget of "
                    f"£{figures.budget:,.2f}.")
    if award.status != "active":
        return warnings
    year = award.financial_year
    as_of = min(today, year.ends_on)
    elapsed = (as_of - year.starts_on).days + 1
    length = (year.ends_on - year.starts_on).days + 1
    if elapsed < length // 4:  # too early in the year to forecast
        return warnings
    for block in blocks:
        if not block.budget:
            continue
        projected = money(block.spent * length / elapsed)
        floor = money(block.budget * (100 - award.variance_threshold_percent) / 100)
        if projected < floor:
            label = block.label.lower()
            if as_of == year.ends_on:
                warnings.append(f"Underspend: £{block.spent:,.2f} of the £{block.budget:,.2f} "
                                f"{label} budget was spent by 31 March {year.start_year + 1}.")
            else:
                warnings.append(
                    f"At risk of underspend: at the current rate about £{projected:,.2f} of the "
                    f"£{block.budget:,.2f} {label} budget will be spent by 31 March "
                    f"{year.start_year + 1}.")
    return warnings


def award_page(*, award: GrantAward, today: datetime.date | None = None) -> AwardPage:
    today = today or timezone.localdate()
    figures = [figures_for(line) for line in lines_with_figures(award=award)]
    blocks = kind_blocks(award, figures)
    pending = list(Virement.objects.filter(from_line__award=award).pending()
                   .select_related("from_line", "to_line", "requested_by"))
    for virement in pending:  # the permission check reads the partnership: the award's, known
        virement.from_line.award = award
    currents = {r.part: r for r in GrantReturn.objects.filter(award=award).current()}
    schedule = [ScheduleRow(due=due, current=currents.get(due.part),
                            overdue=due.due_on < today and (
                                currents.get(due.part) is None
                                or RETURN_WORKFLOW.is_in(currents[due.part].status,
                                                         "editable")))
                for due in _with_award(ReturnDue.objects.filter(award=award), award)]
    recent = list(Spend.objects.filter(line__award=award).select_related("line")
                  .only("spent_on", "amount", "description", "reference", "line__title")
                  .order_by("-spent_on", "-pk")[:10])
    return AwardPage(award=award, blocks=blocks, warnings=award_warnings(award, blocks, today),
                     pending_virements=pending, schedule=schedule, recent_spend=recent)


def periods_without_return(*, award: GrantAward) -> list[str]:
    """The award's reporting periods (H1, H2...) that have no return yet, in schedule order."""
    started = set(award.returns.values_list("part", flat=True))
    return [due.part for due in award.schedule.all() if due.part not in started]


def spend_ledger(*, award: GrantAward) -> QuerySet[Spend]:
    return (Spend.objects.filter(line__award=award).select_related("line", "recorded_by")
            .order_by("-spent_on", "-pk"))


def virements_of(*, award: GrantAward) -> QuerySet[Virement]:
    return (Virement.objects.filter(from_line__award=award)
            .select_related("from_line", "to_line", "requested_by", "decided_by")
            .order_by("-requested_at", "-pk"))


def awards_in(*, partnership: Partnership, user: User) -> QuerySet[GrantAward]:
    spent = Spend.objects.filter(line__award=OuterRef("pk")).values("line__award").annotate(
        s=Sum("amount")).values("s")
    return (GrantAward.objects.visible_to(user).in_partnership(partnership)
            .select_related("stream")
            .annotate(spent=Coalesce(Subquery(spent, output_field=MONEY), Value(ZERO),
                                     output_field=MONEY))
            .order_by("-year_start", "stream__name"))


@dataclass
class ReturnPage:
    grant_return: GrantReturn
    blocks: list[dict[str, Any]]
    events: list[ReturnEvent]
    revisions: list[GrantReturn]
    missing_explanations: list[GrantReturnLine]


def return_lines(grant_return: GrantReturn) -> list[GrantReturnLine]:
    return list(GrantReturnLine.objects.filter(grant_return=grant_return)
                .select_related("budget_line__lead_organisation")
                .prefetch_related("measures")
                .order_by("kind", "budget_line__order", "budget_line_id"))


def return_blocks(grant_return: GrantReturn, lines: list[GrantReturnLine]) -> list[dict[str, Any]]:
    """Revenue then capital: their lines (each knowing if it needs an explanation) and totals."""
    threshold = grant_return.award.variance_threshold_percent
    blocks = []
    for kind in (Kind.REVENUE, Kind.CAPITAL):
        rows = [line for line in lines if line.kind == kind]
        if not rows:
            continue
        for line in rows:
            line.needs_explanation = explanation_required(  # type: ignore[attr-defined]
                budget=line.budget, forecast=line.forecast, threshold_percent=threshold)
        blocks.append({
            "kind": kind.value, "label": kind.label, "lines": rows,
            "budget": total(r.budget for r in rows),
            "actual": total(r.actual_to_date for r in rows),
            "forecast": total(r.forecast for r in rows),
            "variance": total(r.variance for r in rows),
        })
    return blocks


def missing_explanations(grant_return: GrantReturn,
                         lines: list[GrantReturnLine]) -> list[GrantReturnLine]:
    threshold = grant_return.award.variance_threshold_percent
    return [line for line in lines
            if explanation_required(budget=line.budget, forecast=line.forecast,
                                    threshold_percent=threshold)
            and not line.variance_explanation.strip()]


def return_page(*, grant_return: GrantReturn) -> ReturnPage:
    lines = return_lines(grant_return)
    events = list(ReturnEvent.objects.filter(grant_return__award=grant_return.award,
                                             grant_return__part=grant_return.part)
                  .select_related("by", "grant_return").order_by("at", "pk"))
    revisions = list(GrantReturn.objects.filter(award=grant_return.award, part=grant_return.part)
                     .order_by("revision"))
    return ReturnPage(grant_return=grant_return, blocks=return_blocks(grant_return, lines),
                      events=events, revisions=revisions,
                      missing_explanations=missing_explanations(grant_return, lines))


@dataclass
class OpccReturnRow:
    grant_return: GrantReturn
    revenue: dict[str, Decimal]
    capital: dict[str, Decimal]


def sent_returns(*, period: Period, partnership_slug: str | None = None,
                 with_lines: bool = True) -> QuerySet[GrantReturn]:
    """Current returns sent to the OPCC for the period (all partnerships), lines prefetched
    (``with_lines``: the exports need them; the OPCC's list only needs totals)."""
    queryset = (GrantReturn.objects.current().sent_to_opcc().for_period(period)
                .select_related("award__stream", "award__partnership", "submitted_by",
                                "decided_by")
                .order_by("award__partnership__name", "award__stream__name", "part"))
    if with_lines:
        queryset = queryset.prefetch_related(Prefetch(
            "lines", queryset=GrantReturnLine.objects.prefetch_related("measures").order_by(
                "kind", "budget_line__order", "budget_line_id")))
    if partnership_slug:
        queryset = queryset.filter(award__partnership__slug=partnership_slug)
    return queryset


def opcc_returns(*, user: User, period: Period, with_lines: bool = True) -> QuerySet[GrantReturn]:
    """What an OPCC officer gets: sent returns of the partnerships in their force area only."""
    queryset: Any = sent_returns(period=period, with_lines=with_lines)
    queryset = queryset.visible_to(user)
    if getattr(user, "opcc_office_id", None) and not user.is_superuser:
        queryset = queryset.for_opcc_office(user.opcc_office_id)
    return queryset


def _lines_total(field: str, kind: str) -> Coalesce:
    """The sum of ``field`` over the return's lines of ``kind`` (0.00 without any): one join of
    the lines shared by the four totals, grouped by return (four correlated subqueries cost
    twice as much to build and plan)."""
    return Coalesce(Sum(f"lines__{field}", filter=Q(lines__kind=kind)), Value(Decimal("0.00")),
                    output_field=DecimalField())


def _with_award(dues: Any, award: GrantAward) -> list[ReturnDue]:
    """The award's schedule with the award already attached (``due.period`` reads it: no
    query per row)."""
    rows = list(dues)
    for due in rows:
        due.award = award
    return rows


def opcc_returns_with_totals(*, user: User, period: Period) -> list[dict[str, Any]]:
    """The OPCC's list: each sent return with its budget and actual per kind, summed in SQL
    (no line is loaded)."""
    # Only what the list shows: no submitter or decider rows, no wide award/partnership columns
    # (the plan for the wide rows cost more than running it).
    queryset = (opcc_returns(user=user, period=period, with_lines=False)
                .select_related(None).select_related("award__stream", "award__partnership")
                .only("award__year_start", "award__partnership__name", "award__partnership__slug",
                      "award__stream__name", "part", "revision", "status", "submitted_at")
                .annotate(revenue_budget=_lines_total("budget", Kind.REVENUE),
                          revenue_actual=_lines_total("actual_to_date", Kind.REVENUE),
                          capital_budget=_lines_total("budget", Kind.CAPITAL),
                          capital_actual=_lines_total("actual_to_date", Kind.CAPITAL)))
    return [{"r": r, "totals": {
        "revenue": {"budget": r.revenue_budget, "actual": r.revenue_actual},  # type: ignore[attr-defined]
        "capital": {"budget": r.capital_budget, "actual": r.capital_actual},  # type: ignore[attr-defined]
    }} for r in queryset]


def kind_totals(grant_return: GrantReturn) -> dict[str, dict[str, Decimal]]:
    """Totals per kind from prefetched lines: {"revenue": {...}, "capital": {...}}."""
    result: dict[str, dict[str, Decimal]] = {}
    for kind in (Kind.REVENUE, Kind.CAPITAL):
        rows = [line for line in grant_return.lines.all() if line.kind == kind]
        result[kind.value] = {
            "budget": total(r.budget for r in rows), "actual": total(r.actual_to_date for r in rows),
            "forecast": total(r.forecast for r in rows), "variance": total(r.variance for r in rows)}
    return result


def awaiting_decision(*, partnership: Partnership, user: User) -> QuerySet[GrantReturn]:
    """Submitted or resubmitted returns of the partnership, waiting for the OPCC."""
    return (GrantReturn.objects.visible_to(user).in_partnership(partnership).current()
            .in_group("awaiting_review")
            .select_related("award__stream").order_by("submitted_at"))


DUE_WITHIN = datetime.timedelta(days=60)


def outstanding_dues(*, partnership: Partnership, user: User,
                     today: datetime.date) -> QuerySet[ReturnDue]:
    """Schedule periods of active awards due within 60 days or overdue whose return has not been
    sent (none yet, a draft, or returned for changes): a database filter, so pages can count and
    filter by it without loading rows."""
    sent = GrantReturn.objects.current().filter(
        award=OuterRef("award"), part=OuterRef("part")).not_in_group("editable")
    return (ReturnDue.objects.visible_to(user).in_partnership(partnership)
            .filter(award__status="active", due_on__lte=today + DUE_WITHIN)
            .exclude(Exists(sent)))


def returns_due_for(*, partnership: Partnership, user: User,
                    today: datetime.date | None = None) -> list[ScheduleRow]:
    """Returns due within 60 days or overdue and not sent yet, for the dashboard and My work."""
    today = today or timezone.localdate()
    dues = list(outstanding_dues(partnership=partnership, user=user, today=today)
                .select_related("award__stream").order_by("due_on"))
    if not dues:
        return []
    currents = {(r.award_id, r.part): r for r in GrantReturn.objects.current().filter(
        award_id__in={d.award_id for d in dues})}
    return [ScheduleRow(due=due, current=currents.get((due.award_id, due.part)),
                        overdue=due.due_on < today) for due in dues]


def _force_area(queryset: Any, user: User, path: str) -> Any:
    """Narrow an OPCC officer's queryset to their own force area (admins see every area)."""
    office = getattr(user, "opcc_office_id", None)
    if office and not user.is_superuser:
        queryset = queryset.filter(**{f"{path}pcc_office_id": office})
    return queryset


def opcc_awaiting_decision(*, user: User) -> QuerySet[GrantReturn]:
    """The OPCC officer's landing list: current returns submitted or resubmitted and waiting for
    their decision, across every period and partnership of their force area, oldest first."""
    returns = (GrantReturn.objects.visible_to(user).current().in_group("awaiting_review")
               .select_related("award__stream", "award__partnership", "submitted_by")
               .order_by("submitted_at", "pk"))
    return _force_area(returns, user, "award__partnership__")  # type: ignore[no-any-return]


def opcc_periods(*, user: User) -> list[Period]:
    """The periods the force area's schedules expect returns for, newest first, each year's
    halves (or quarters) followed by the year itself: the OPCC pages' period picker."""
    dues = _force_area(ReturnDue.objects.visible_to(user), user, "award__partnership__")
    pairs = set(dues.order_by().values_list("award__year_start", "part").distinct())
    periods: set[Period] = set()
    for year_start, part in pairs:
        periods.add(Period(FinancialYear(year_start), part))
        periods.add(Period(FinancialYear(year_start)))
    return sorted(periods, key=lambda p: (-p.year.start_year, p.part is None, p.part or ""))


# The expected-versus-submitted grid: what each current return's status counts as.
GRID_COLUMNS = ("expected", "not_submitted", "overdue", "submitted", "accepted", "returned")
GRID_LABELS = {"expected": "Expected", "not_submitted": "Not submitted", "overdue": "Overdue",
               "submitted": "Submitted", "accepted": "Accepted",
               "returned": "Returned for changes"}


@dataclass(frozen=True)
class GridRow:
    partnership: Partnership
    period: Period
    counts: dict[str, int]

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(column, self.counts[column]) for column in GRID_COLUMNS]


def opcc_grid(*, user: User, period: Period, today: datetime.date) -> list[GridRow]:
    """Per partnership of the force area and per period within ``period``: returns expected (the
    award schedules), not submitted (no return or a draft), overdue (not submitted and past due),
    submitted (waiting for a decision), accepted and returned. Counted by the database: two
    queries whatever the number of awards and returns. A partnership expecting nothing in the
    period still has a row, with every count 0."""
    from partnership.models import Partnership as PartnershipModel

    status = Subquery(GrantReturn.objects.current().filter(
        award=OuterRef("award"), part=OuterRef("part")).values("status")[:1])
    sent = sorted(RETURN_WORKFLOW.group("sent"))
    unsent = Q(status__isnull=True) | ~Q(status__in=sent)
    dues = _force_area(ReturnDue.objects.visible_to(user), user, "award__partnership__").filter(
        award__year_start=period.year.start_year)
    if period.part:
        dues = dues.filter(part=period.part)
    counted = (dues.annotate(status=status).order_by()
               .values("award__partnership_id", "award__year_start", "part")
               .annotate(expected=Count("pk"), not_submitted=Count("pk", filter=unsent),
                         overdue=Count("pk", filter=unsent & Q(due_on__lt=today)),
                         submitted=Count("pk", filter=Q(status__in=sorted(
                             RETURN_WORKFLOW.group("awaiting_review")))),
                         accepted=Count("pk", filter=Q(status=ReturnStatus.ACCEPTED)),
                         returned=Count("pk", filter=Q(status=ReturnStatus.RETURNED))))
    by_partnership: dict[int, list[dict[str, Any]]] = {}
    for row in counted:
        by_partnership.setdefault(row["award__partnership_id"], []).append(row)
    partnerships = _force_area(PartnershipModel.objects.visible_to(user), user, "").order_by(
        "name")
    rows = []
    for partnership in partnerships:
        found = sorted(by_partnership.get(partnership.pk, []), key=lambda r: r["part"])
        if not found:
            rows.append(GridRow(partnership, period, dict.fromkeys(GRID_COLUMNS, 0)))
        for row in found:
            rows.append(GridRow(partnership,
                                Period(FinancialYear(row["award__year_start"]), row["part"]),
                                {column: row[column] for column in GRID_COLUMNS}))
    return rows
