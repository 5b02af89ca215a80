"""Reads for the plan, measures, the performance table and strategic assessments.

Each returns data in a constant number of queries, whatever the number of measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from partnership.periods import FinancialYear, Period

from . import calculations as calc
from .models import (
    CommunitySafetyPlan,
    MeasureValue,
    PerformanceMeasure,
    Polarity,
    Priority,
    Recommendation,
    StrategicAssessment,
)

if TYPE_CHECKING:
    from partnership.models import Partnership, User


def points_of(measure: PerformanceMeasure) -> dict[str, calc.Point]:
    """The measure's values (prefetched) as calculation points keyed by period key."""
    return {
        v.period: calc.Point(value=v.value, comparator=v.comparator_value,
                             stated_comparator_change_pct=v.stated_comparator_change_pct,
                             stated_trend=v.stated_trend,
                             stated_comparator_trend=v.stated_comparator_trend)
        for v in measure.values.all()
    }


def figures_for(measure: PerformanceMeasure, period: Period,
                points: dict[str, calc.Point] | None = None) -> calc.Figures:
    """The figures of ``measure`` for ``period``, from its prefetched values or ``points``."""
    return calc.figures(
        points_of(measure) if points is None else points,
        period_key=period.key, previous_key=period.previous().key,
        last_year_key=period.same_period_last_year().key,
        two_years_key=Period(FinancialYear(period.year.start_year - 2), period.part).key,
        higher_is_better=measure.polarity == Polarity.HIGHER_IS_BETTER,
        target=measure.target, tolerance_pct=measure.tolerance_pct)


def latest_period(measure: PerformanceMeasure) -> Period | None:
    values = list(measure.values.all())
    if not values:
        return None
    latest = max(values, key=lambda v: (v.period_start, v.period))
    return latest.period_obj


@dataclass(frozen=True)
class MeasureSummary:
    measure: PerformanceMeasure
    period: Period | None
    figures: calc.Figures | None


def status_key(summary: MeasureSummary) -> str:
    """The summary's status value, or "none" (no target, or no figure yet)."""
    if summary.figures is not None and summary.figures.status is not None:
        return str(summary.figures.status.value)
    return "none"


def summarise(measure: PerformanceMeasure) -> MeasureSummary:
    period = latest_period(measure)
    return MeasureSummary(measure, period, figures_for(measure, period) if period else None)


def _values_prefetch() -> Prefetch[Any]:
    return Prefetch("values", queryset=MeasureValue.objects.order_by("period_start", "period"))


def plans_of(*, partnership: Partnership, user: User) -> QuerySet[CommunitySafetyPlan]:
    return (CommunitySafetyPlan.objects.visible_to(user).in_partnership(partnership)
            .order_by("-start_year", "-version"))


def current_plan(*, partnership: Partnership, user: User) -> CommunitySafetyPlan | None:
    """The adopted plan (a partnership has one at most), else the newest draft: one query."""
    adopted_first = Case(When(status="adopted", then=Value(0)), default=Value(1))
    return (plans_of(partnership=partnership, user=user).filter(status__in=["adopted", "draft"])
            .order_by(adopted_first, "-start_year", "-version").first())


def plan_detail(*, plan: CommunitySafetyPlan) -> CommunitySafetyPlan:
    """The plan with its priorities, aims, measures and values loaded (constant queries)."""
    measures = (PerformanceMeasure.objects.order_by("order", "name")
                .prefetch_related(_values_prefetch()))
    priorities = (Priority.objects.select_related("lead_organisation")
                  .prefetch_related("aims", Prefetch("measures", queryset=measures)))
    return (CommunitySafetyPlan.objects.filter(pk=plan.pk)
            .select_related("partnership", "previous")
            .prefetch_related(Prefetch("priorities", queryset=priorities), "refreshes")
            .get())


def partnership_wide_measures(*, partnership: Partnership) -> list[PerformanceMeasure]:
    return list(PerformanceMeasure.objects.in_partnership(partnership).partnership_wide()
                .order_by("order", "name").prefetch_related(_values_prefetch()))


def priority_detail(*, priority: Priority) -> Priority:
    measures = (PerformanceMeasure.objects.order_by("order", "name")
                .prefetch_related(_values_prefetch()))
    return (Priority.objects.filter(pk=priority.pk)
            .select_related("plan__partnership", "lead_organisation")
            .prefetch_related("aims", Prefetch("measures", queryset=measures),
                              "recommendations__assessment")
            .get())


def measure_detail(*, measure: PerformanceMeasure) -> PerformanceMeasure:
    return (PerformanceMeasure.objects.filter(pk=measure.pk)
            .select_related("priority__plan", "partnership")
            .prefetch_related(_values_prefetch()).get())


@dataclass(frozen=True)
class PerformanceRow:
    measure: PerformanceMeasure
    figures: calc.Figures


def measures_for_table(*, partnership: Partnership,
                       periods: list[Period] | None = None) -> list[PerformanceMeasure]:
    """The partnership's measures with their values (only those of ``periods`` when given:
    the table reads four periods, not every year's quarters)."""
    values = _values_prefetch()
    if periods is not None:
        values = Prefetch("values", queryset=MeasureValue.objects.filter(
            period__in=sorted({p.key for p in periods})).order_by("period_start", "period"))
    return list(PerformanceMeasure.objects.in_partnership(partnership)
                .select_related("priority").order_by("order", "name")
                .prefetch_related(values))


def _table_periods(year: FinancialYear) -> list[Period]:
    """The periods one row of the table reads: the year, the year before, the same period last
    year and two years back."""
    period = Period(year)
    return [period, period.previous(), period.same_period_last_year(),
            Period(FinancialYear(year.start_year - 2), period.part)]


def performance_table(*, partnership: Partnership, year: FinancialYear) -> list[PerformanceRow]:
    """Fig 1.1: every measure with a figure for the year or the year before (the exports)."""
    period = Period(year)
    rows = []
    for measure in measures_for_table(partnership=partnership, periods=_table_periods(year)):
        figures = figures_for(measure, period)
        if figures.current is not None or figures.previous is not None:
            rows.append(PerformanceRow(measure, figures))
    return rows


PERFORMANCE_PAGE_SIZE = 50


@dataclass(frozen=True)
class PerformancePage:
    """One page of the performance table: the rows of the page's measures (the same rows, in
    the same order, as :func:`performance_table`), and what the pagination links need."""

    rows: list[PerformanceRow]
    page: Page[PerformanceMeasure]


def performance_page(*, partnership: Partnership, year: FinancialYear, page: str | None,
                     page_size: int = PERFORMANCE_PAGE_SIZE) -> PerformancePage:
    """Fig 1.1 a page at a time (the table does not grow with the partnership's measures).

    Which measures have a figure for the year or the year before is decided in SQL, so only the
    page's measures and their values are loaded: three queries (count, measures, values)."""
    period = Period(year)
    held = MeasureValue.objects.filter(measure=OuterRef("pk"),
                                       period__in=[period.key, period.previous().key])
    measures = (PerformanceMeasure.objects.in_partnership(partnership).filter(Exists(held))
                .order_by("order", "name", "pk"))
    shown = Paginator(measures, page_size).get_page(page)
    page_measures = list(shown.object_list)
    # The page's figures as plain rows grouped here: a prefetch would build a queryset per
    # measure (about a fifth of the page's time) for the same single query.
    points: dict[int, dict[str, calc.Point]] = {m.pk: {} for m in page_measures}
    if page_measures:
        rows = (MeasureValue.objects.filter(measure_id__in=list(points),
                                            period__in=sorted({p.key for p in _table_periods(year)}))
                .order_by("period_start", "period")
                .values_list("measure_id", "period", "value", "comparator_value",
                             "stated_comparator_change_pct", "stated_trend",
                             "stated_comparator_trend"))
        for measure_id, key, value, comparator, stated_change, trend, comparator_trend in rows:
            points[measure_id][key] = calc.Point(
                value=value, comparator=comparator, stated_comparator_change_pct=stated_change,
                stated_trend=trend, stated_comparator_trend=comparator_trend)
    return PerformancePage([PerformanceRow(m, figures_for(m, period, points[m.pk]))
                            for m in page_measures], shown)


@dataclass(frozen=True)
class PriorityPerformance:
    """One priority's part of the board pack's performance section (``priority`` None: the
    partnership-wide measures)."""

    priority: Priority | None
    rows: list[PerformanceRow]


def performance_by_priority(*, partnership: Partnership,
                            year: FinancialYear | None) -> list[PriorityPerformance]:
    """Seed 004 Fig 1.1 per priority: every priority of the current plan (adopted, else the
    newest draft) in plan order, each with its measures' figures for ``year`` (possibly none),
    then any other priority with figures, then the partnership-wide measures. At most five
    queries whatever the number of priorities, measures and figures."""
    plans = CommunitySafetyPlan.objects.in_partnership(partnership).order_by(
        "-start_year", "-version")
    plan = plans.filter(status="adopted").first() or plans.filter(status="draft").first()
    groups: dict[int | None, PriorityPerformance] = {}
    if plan is not None:
        for priority in plan.priorities.order_by("order", "pk"):
            groups[priority.pk] = PriorityPerformance(priority, [])
    wide: list[PerformanceRow] = []
    if year is not None:
        period = Period(year)
        for measure in measures_for_table(partnership=partnership):
            figures = figures_for(measure, period)
            if figures.current is None and figures.previous is None:
                continue
            row = PerformanceRow(measure, figures)
            if measure.priority is None:
                wide.append(row)
                continue
            group = groups.setdefault(measure.priority_id,
                                      PriorityPerformance(measure.priority, []))
            group.rows.append(row)
    result = list(groups.values())
    if wide:
        result.append(PriorityPerformance(None, wide))
    return result


@dataclass(frozen=True)
class YearsWithValues:
    """The financial years with figures (newest first) and the latest with annual figures."""

    years: list[FinancialYear]
    latest_annual: FinancialYear | None


def year_choices(*, partnership: Partnership) -> YearsWithValues:
    """The years with figures and :func:`default_year` from one query of the distinct period
    keys (the performance table needs both)."""
    # order_by(): without it the model's ordering joins the DISTINCT (a row per value).
    keys = (MeasureValue.objects.in_partnership(partnership).order_by()
            .values_list("period", flat=True).distinct())
    years_of = {key: Period.parse(key).year for key in keys}
    annual = [year for key, year in years_of.items() if "Q" not in key]
    return YearsWithValues(sorted(set(years_of.values()), reverse=True),
                           max(annual) if annual else None)


def default_year(*, partnership: Partnership) -> FinancialYear | None:
    """The latest year with annual figures."""
    keys = (MeasureValue.objects.in_partnership(partnership).exclude(period__contains="Q")
            .order_by("-period_start").values_list("period", flat=True)[:1])
    return Period.parse(keys[0]).year if keys else None


def assessments_of(*, partnership: Partnership, user: User) -> QuerySet[StrategicAssessment]:
    return (StrategicAssessment.objects.visible_to(user).in_partnership(partnership)
            .select_related("author_organisation"))


def assessment_detail(*, assessment: StrategicAssessment) -> StrategicAssessment:
    return (StrategicAssessment.objects.filter(pk=assessment.pk)
            .select_related("author_organisation", "partnership")
            .prefetch_related(Prefetch("recommendations",
                                       queryset=recommendations_with_actions()))
            .get())


def _has_actions_relation() -> bool:
    """actionplans registers ``Action.recommendation`` (related_name ``actions``) through the
    registry; we never import it."""
    from partnership.registry import registry

    return "actions" in registry.related("priorities.Recommendation")


def recommendations_with_actions() -> QuerySet[Recommendation]:
    queryset = Recommendation.objects.select_related("priority", "decided_by")
    if _has_actions_relation():
        queryset = queryset.prefetch_related("actions")
    return queryset


def linked_actions(recommendation: Recommendation) -> list[Any]:
    """The actions an accepted recommendation was turned into (empty without actionplans)."""
    if not _has_actions_relation():
        return []
    # Each action links to its page, which needs its partnership's slug.
    return list(recommendation.actions.select_related("partnership"))  # type: ignore[attr-defined]


def plan_status_counts(*, partnership: Partnership, user: User) -> dict[str, Any] | None:
    """For the dashboard: the current plan's priorities with their measures' status counts.

    Counted in SQL (one query for the counts, one for the priorities): each measure's status
    is that of its latest value against its target (``calculations.status`` written as SQL), so
    no measure or value is loaded to be counted."""
    plan = current_plan(partnership=partnership, user=user)
    if plan is None:
        return None
    priorities = list(Priority.objects.filter(plan=plan).order_by("order", "pk")
                      .only("pk", "title", "order"))
    latest = (MeasureValue.objects.filter(measure=OuterRef("pk"))
              .order_by("-period_start", "-period").values("value")[:1])
    shortfall = Case(When(polarity=Polarity.HIGHER_IS_BETTER, then=F("target") - F("latest")),
                     default=F("latest") - F("target"))
    allowance = ExpressionWrapper(
        Func(F("target"), function="ABS") * F("tolerance_pct") / Value(Decimal(100)),
        output_field=DecimalField())
    status = Case(
        When(Q(latest__isnull=True) | Q(target__isnull=True), then=Value("none")),
        When(Q(shortfall__lte=0), then=Value(calc.Status.ON_TRACK.value)),
        When(Q(shortfall__lte=F("allowance")), then=Value(calc.Status.AT_RISK.value)),
        default=Value(calc.Status.OFF_TRACK.value), output_field=CharField())
    counted = (PerformanceMeasure.objects.filter(priority__plan=plan).order_by()
               .annotate(latest=Subquery(latest)).annotate(shortfall=shortfall,
                                                           allowance=allowance)
               .annotate(status=status).values("priority_id", "status")
               .annotate(n=Count("pk")))
    counts: dict[int, dict[str, int]] = {}
    for row in counted:
        counts.setdefault(row["priority_id"], {})[row["status"]] = row["n"]
    rows = []
    for priority in priorities:
        found = counts.get(priority.pk, {})
        row_counts = {status.value: found.get(status.value, 0) for status in calc.Status}
        row_counts["none"] = found.get("none", 0)
        rows.append({"priority": priority, "counts": row_counts})
    return {"plan": plan, "rows": rows}
