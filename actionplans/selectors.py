"""Reads for action plan pages. Each returns data for a page in a constant number of queries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from partnership.models import Partnership, User
from partnership.periods import FinancialYear

from .models import Action, ActionPlan, ActionUpdate, ReportingPeriod
from .rag import Rag, is_overdue


def current_period(partnership: Partnership,
                   today: datetime.date | None = None) -> ReportingPeriod | None:
    return ReportingPeriod.objects.in_partnership(partnership).current(today)  # type: ignore[no-any-return]


def current_year(partnership: Partnership) -> int:
    """The latest year with a plan, else this financial year."""
    latest = (ActionPlan.objects.in_partnership(partnership).order_by("-year")
              .values_list("year", flat=True).first())
    return latest or FinancialYear.containing(timezone.localdate()).start_year


def _with_period_update(actions: QuerySet[Action], period: ReportingPeriod | None) -> QuerySet[Action]:
    if period is None:
        return actions
    return actions.prefetch_related(Prefetch(
        "updates", queryset=ActionUpdate.objects.filter(period=period), to_attr="period_updates"))


def my_actions(*, user: User, partnership: Partnership,
               period: ReportingPeriod | None) -> list[Action]:
    actions = (Action.objects.in_partnership(partnership).led_by(user).open().for_table()
               .order_by("due_on", "reference"))
    return list(_with_period_update(actions, period))


def my_update_history(*, user: User, partnership: Partnership) -> QuerySet[ActionUpdate]:
    return (ActionUpdate.objects.in_partnership(partnership).filter(action__lead_officer=user)
            .select_related("action", "period").order_by("-period__period", "action__reference"))


@dataclass
class PlanGroup:
    plan: ActionPlan
    actions: list[Action] = field(default_factory=list)
    rag_counts: dict[str, int] = field(default_factory=dict)


def plan_overview(*, partnership: Partnership, year: int, filters: dict[str, Any],
                  period: ReportingPeriod | None) -> tuple[list[PlanGroup], dict[str, int]]:
    """Actions of the year's plans, grouped by plan (its priority or group), with RAG counts."""
    plans = list(ActionPlan.objects.in_partnership(partnership).for_year(year)
                 .select_related("priority", "group").order_by("reference_prefix", "title"))
    actions = (Action.objects.in_partnership(partnership).for_year(year).for_table()
               .filtered(**filters).order_by("reference", "pk"))
    groups = {plan.pk: PlanGroup(plan) for plan in plans}
    totals: Counter[str] = Counter()
    for action in _with_period_update(actions, period):
        group = groups.get(action.plan_id)
        if group is None:
            continue
        group.actions.append(action)
        totals[action.live_rag] += 1  # type: ignore[attr-defined]
    for group in groups.values():
        group.rag_counts = dict(Counter(a.live_rag for a in group.actions))  # type: ignore[attr-defined]
    return list(groups.values()), {rag.value: totals.get(rag.value, 0) for rag in Rag}


def review_queue(*, partnership: Partnership) -> QuerySet[ActionUpdate]:
    return (ActionUpdate.objects.in_partnership(partnership).awaiting_review()
            .select_related("action__lead_officer", "action__plan", "period", "submitted_by")
            .order_by("submitted_at", "pk"))


@dataclass
class HighlightReport:
    period: ReportingPeriod | None
    red: list[Action]
    amber: list[Action]
    overdue: list[Action]
    no_update: list[Action]


def highlight_report(*, partnership: Partnership, period: ReportingPeriod | None,
                     today: datetime.date | None = None) -> HighlightReport:
    """The exceptions for the board: red, amber, overdue and no update this period."""
    today = today or timezone.localdate()
    actions = (Action.objects.in_partnership(partnership).open().for_table(today)
               .order_by("reference"))
    if period is not None:
        actions = actions.with_update_in(period)
    rows = list(actions)
    return HighlightReport(
        period=period,
        red=[a for a in rows if a.live_rag == Rag.RED],  # type: ignore[attr-defined]
        amber=[a for a in rows if a.live_rag == Rag.AMBER],  # type: ignore[attr-defined]
        overdue=[a for a in rows if is_overdue(status=a.status, due_on=a.due_on, today=today)],
        no_update=[a for a in rows if period is not None and not a.has_update],  # type: ignore[attr-defined]
    )


def action_detail(*, action: Action) -> dict[str, Any]:
    return {
        "updates": list(action.updates.select_related("period", "submitted_by", "reviewed_by")
                        .prefetch_related("steps__by").order_by("-period__period")),
        "changes": list(action.changes.select_related("by")),
        "supporting": list(action.supporting_organisations.all()),
        "measures": list(action.measures.all()),
    }


def recommendations_to_act_on(*, partnership: Partnership) -> list[Any]:
    """Accepted strategic-assessment recommendations that no action carries yet."""
    from priorities.models import Recommendation

    return list(Recommendation.objects.in_partnership(partnership).accepted()
                .filter(actions__isnull=True).select_related("assessment").order_by("pk")[:20])
