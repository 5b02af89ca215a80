"""Reads for action plan pages. Each returns data for a page in a constant number of queries."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import cached_property

from partnership.models import Partnership, User
from partnership.periods import FinancialYear

from .models import Action, ActionPlan, ActionUpdate, ReportingPeriod
from .rag import Rag, is_overdue, overdue_q


def current_period(partnership: Partnership,
                   today: datetime.date | None = None) -> ReportingPeriod | None:
    return ReportingPeriod.objects.in_partnership(partnership).current(today)  # type: ignore[no-any-return]


def current_year(partnership: Partnership) -> int:
    """The latest year with a plan, else this financial year."""
    latest = (ActionPlan.objects.in_partnership(partnership).order_by("-year")
              .values_list("year", flat=True).first())
    return latest or FinancialYear.containing(timezone.localdate()).start_year


def _with_period_update(actions: QuerySet[Action], period: ReportingPeriod | None,
                        *related: str, only: tuple[str, ...] = ()) -> QuerySet[Action]:
    if period is None:
        return actions
    updates = ActionUpdate.objects.filter(period=period).select_related(*related)
    if only:
        updates = updates.only(*only)
    return actions.prefetch_related(Prefetch("updates", queryset=updates,
                                             to_attr="period_updates"))


def my_actions(*, user: User, partnership: Partnership,
               period: ReportingPeriod | None) -> list[Action]:
    """The user's open actions in live plans (closed plans are history), soonest due first,
    each with ``period_updates``: its update for ``period`` (with who reviewed it), if any."""
    actions = (Action.objects.in_partnership(partnership).led_by(user).open()
               .filter(plan__status="live").for_table()
               .order_by("due_on", "reference"))
    return list(_with_period_update(actions, period, "reviewed_by"))


def still_to_write(actions: list[Action]) -> list[Action]:
    """Of ``my_actions``' actions, those whose update for the period is not written yet (none,
    a draft, or returned): ``actions_to_write`` without asking the database again."""
    return [action for action in actions
            if all(ActionUpdate.workflow.is_in(update.state, "editable")
                   for update in getattr(action, "period_updates", ()))]


def returned_to_lead(actions: list[Action]) -> list[ActionUpdate]:
    """Of ``my_actions``' actions, the updates for the period returned to the lead officer, by
    action reference."""
    returned = [update for action in actions for update in getattr(action, "period_updates", ())
                if ActionUpdate.workflow.is_in(update.state, "sent_back")]
    return sorted(returned, key=lambda update: update.action.reference)


def actions_to_write(*, user: User, partnership: Partnership,
                     period: ReportingPeriod) -> QuerySet[Action]:
    """The user's open actions in live plans with no update written for ``period`` yet (none,
    a draft, or returned), soonest due first. Closed plans (history) ask nothing of anyone."""
    # An update its lead officer can no longer edit (sent and not returned) needs nothing more.
    written = ActionUpdate.objects.filter(period=period).not_in_group("editable")
    return (Action.objects.in_partnership(partnership).led_by(user).open()
            .filter(plan__status="live").exclude(updates__in=written).with_live_rag()
            .order_by("due_on", "reference"))


def my_update_history(*, user: User, partnership: Partnership) -> QuerySet[ActionUpdate]:
    return (ActionUpdate.objects.in_partnership(partnership).filter(action__lead_officer=user)
            .select_related("action", "period").order_by("-period__period", "action__reference"))


@dataclass
class PlanGroup:
    plan: ActionPlan
    actions: list[Action] = field(default_factory=list)
    rag_counts: dict[str, int] = field(default_factory=dict)


class CountedPaginator(Paginator):
    """A Paginator told its count (the overview counts the matching actions with their RAG
    counts, in the same query), so that paging asks the database for nothing more."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


@dataclass
class OverviewPage:
    """One page of the action plan page: every plan of the year with its RAG counts (over all
    the matching actions), and this page's actions placed under their plans. ``page`` is
    Django's Page (number, links, start and end) over all the matching actions."""

    groups: list[PlanGroup]
    totals: dict[str, int]
    page: Page


OVERVIEW_PAGE_SIZE = 50
# The columns the action plan page shows (plus what the RAG annotation reads).
_OVERVIEW_FIELDS = ("plan_id", "reference", "description", "lead_officer__full_name",
                    "lead_officer__email", "lead_organisation__name", "due_on", "status",
                    "rag", "rag_override", "derived_rag", "partnership_id")


def plan_overview(*, partnership: Partnership, year: int, filters: dict[str, Any],
                  period: ReportingPeriod | None, page: str | int | None = 1,
                  page_size: int = OVERVIEW_PAGE_SIZE) -> OverviewPage:
    """Actions of the year's plans, grouped by plan (its priority or group), a page at a time.

    The RAG counts (per plan and in total) and the number of matching actions are counted in
    SQL; only the page's actions are loaded, with the columns the page shows. Four queries
    (five with a reporting period), whatever the number of actions."""
    plans = list(ActionPlan.objects.in_partnership(partnership).for_year(year)
                 .select_related("priority", "group").order_by("reference_prefix", "title"))
    matching = (Action.objects.in_partnership(partnership).for_year(year).with_live_rag()
                .filtered(**filters))
    groups = {plan.pk: PlanGroup(plan) for plan in plans}
    totals: Counter[str] = Counter()
    for row in (matching.order_by().values("plan_id", "live_rag")
                .annotate(n=Count("pk", distinct=True))):
        group = groups.get(row["plan_id"])
        if group is None:
            continue
        group.rag_counts[row["live_rag"]] = row["n"]
        totals[row["live_rag"]] += row["n"]
    # Plans in page order: their actions follow one another, plan by plan.
    plan_order = Case(*(When(plan_id=pk, then=Value(i)) for i, pk in enumerate(groups)),
                      default=Value(len(groups)), output_field=IntegerField())
    ordered = (matching.select_related("lead_officer", "lead_organisation")
               .only(*_OVERVIEW_FIELDS).order_by(plan_order, "reference", "pk"))
    # The page shows each update's state only (not its text).
    with_update = _with_period_update(ordered, period, only=("action_id", "state"))
    # Junk or out-of-range page numbers give the nearest real page (Paginator.get_page).
    page_obj = CountedPaginator(with_update, page_size,
                                count=sum(totals.values())).get_page(page)
    for action in page_obj.object_list if groups else []:
        group = groups.get(action.plan_id)
        if group is not None:
            group.actions.append(action)
    for group in groups.values():  # the counts in RAG order, as the totals
        group.rag_counts = {rag.value: group.rag_counts[rag.value] for rag in Rag
                            if group.rag_counts.get(rag.value)}
    return OverviewPage(groups=list(groups.values()),
                        totals={rag.value: totals.get(rag.value, 0) for rag in Rag},
                        page=page_obj)


def dashboard_counts(*, partnership: Partnership, period: ReportingPeriod | None,
                     today: datetime.date | None = None) -> dict[str, Any]:
    """The current year's open actions counted by the database: per live RAG, overdue, and
    without a sent update for ``period``. The same sets the action plans page shows with
    ``?year=…&status=open`` and ``rag=…``, ``overdue=on`` or ``missing=on``."""
    today = today or timezone.localdate()
    year = current_year(partnership)
    actions = Action.objects.in_partnership(partnership).for_year(year).open()
    # One query: per live RAG, how many, how many overdue, how many without a sent update.
    unsent: Count | Value = Value(0)
    if period is not None:
        actions = actions.with_update_in(period)
        unsent = Count("pk", filter=Q(has_update=False))
    counted = list(actions.with_live_rag(today).order_by().values("live_rag")
                   .annotate(n=Count("pk"), late=Count("pk", filter=overdue_q(today)),
                             unsent=unsent))
    by_rag = {row["live_rag"]: row["n"] for row in counted}
    overdue = sum(row["late"] for row in counted)
    missing = sum(row["unsent"] for row in counted)
    return {"year": year, "total": sum(by_rag.values()), "overdue": overdue, "missing": missing,
            "rags": {rag.value: by_rag.get(rag.value, 0) for rag in Rag if rag != Rag.NOT_RATED}}


def review_queue(*, partnership: Partnership) -> QuerySet[ActionUpdate]:
    return (ActionUpdate.objects.in_partnership(partnership).community().awaiting_review()
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
    actions = (Action.objects.in_partnership(partnership).community().open().for_table(today)
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


@dataclass
class PlanExceptions:
    """One plan's (priority's or group's) exceptions for the board, each action once."""

    plan: ActionPlan
    rag_counts: dict[str, int]
    rows: list[Action]

    @property
    def rag_summary(self) -> list[tuple[str, int]]:
        return [(rag.label, self.rag_counts.get(rag.value, 0)) for rag in Rag]


def board_exceptions(*, partnership: Partnership, period: ReportingPeriod | None,
                     today: datetime.date | None = None) -> list[PlanExceptions]:
    """Per plan: counts of its open actions by live RAG, and ONE table of the exceptions (red,
    amber, overdue, or no update this period; rag.py's single definitions), each annotated with
    ``days_overdue``, ``latest_update`` (the newest sent update's text, or None) and
    ``missing_update``. One query."""
    from django.db.models import OuterRef, Subquery

    today = today or timezone.localdate()
    latest = (ActionUpdate.objects.filter(action=OuterRef("pk")).in_group("sent")
              .order_by("-period__period", "-pk").values("progress")[:1])
    actions = (Action.objects.in_partnership(partnership).community().open().for_table(today)
               .annotate(latest_update=Subquery(latest))
               .order_by("plan__year", "plan__reference_prefix", "plan__pk", "reference", "pk"))
    if period is not None:
        actions = actions.with_update_in(period)
    plans: dict[int, PlanExceptions] = {}
    for action in actions:
        group = plans.setdefault(action.plan_id, PlanExceptions(
            plan=action.plan, rag_counts={rag.value: 0 for rag in Rag}, rows=[]))
        rag = action.live_rag  # type: ignore[attr-defined]
        action.rag = rag  # the table shows today's RAG (get_rag_display)
        group.rag_counts[rag] = group.rag_counts.get(rag, 0) + 1
        overdue = is_overdue(status=action.status, due_on=action.due_on, today=today)
        days = (today - action.due_on).days if overdue and action.due_on else 0
        action.days_overdue = days  # type: ignore[attr-defined]
        missing = period is not None and not action.has_update  # type: ignore[attr-defined]
        action.missing_update = missing  # type: ignore[attr-defined]
        if rag in (Rag.RED, Rag.AMBER) or overdue or missing:
            group.rows.append(action)
    return list(plans.values())


def previous_update(*, action: Action, period: ReportingPeriod) -> ActionUpdate | None:
    """The action's latest update from an earlier quarter (drafts left out): what the lead
    officer wrote last time, shown beside this quarter's."""
    return (ActionUpdate.objects.filter(action=action, period__period__lt=period.period)
            .in_group("sent").select_related("period")
            .order_by("-period__period").first())


def pending_extensions(*, partnership: Partnership) -> QuerySet[Any]:
    """Extension requests waiting for the coordinator, oldest first."""
    from .models import ExtensionRequest

    return (ExtensionRequest.objects.in_partnership(partnership).pending()
            .select_related("action", "requested_by").order_by("requested_at", "pk"))
