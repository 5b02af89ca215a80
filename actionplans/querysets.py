"""Chainable querysets for action plans, actions and updates."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from partnership.querysets import PartnershipScopedQuerySet
from partnership.workflow import WorkflowQuerySet

from .rag import OPEN_STATUSES, live_rag, overdue_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User

OPEN = sorted(OPEN_STATUSES)


class PlanScopedQuerySet(PartnershipScopedQuerySet):
    """Base for querysets of action plans and of what hangs off one (actions, their updates),
    ``plan_path`` leading from the object to its plan ("" for the plan itself).

    A DHR review's action plan holds its recommendations: case detail, need to know. Only the
    partnership's DHR coordinators see it through the action plan pages, never anyone else
    (the review page shows its progress to the review's own people)."""

    plan_path = ""

    def _plan_field(self, name: str) -> str:
        return f"{self.plan_path}__{name}" if self.plan_path else name

    def visible_to(self, user: User | AnonymousUser) -> Self:
        from partnership.models import Membership, Role

        dhr_of = Membership.objects.filter(user_id=getattr(user, "pk", None) or 0,
                                           roles__contains=[Role.DHR_COORDINATOR]).values(
            "partnership_id")
        return super().visible_to(user).filter(
            ~Q(**{self._plan_field("owner_kind"): "review"})
            | Q(**{f"{self.partnership_path}__in": dhr_of}))

    def community(self) -> Self:
        """The partnership's own plans (priorities, task-and-finish groups) and what hangs off
        them, not a review's."""
        return self.exclude(**{self._plan_field("owner_kind"): "review"})


class ReportingPeriodQuerySet(PartnershipScopedQuerySet):
    def current(self, today: datetime.date | None = None) -> Any:
        """The period being reported on: the first whose Partnership meeting has not happened
        yet (so late updates still reach it after the deadline), or, without a meeting, whose
        deadline has not passed; else the latest."""
        today = today or timezone.localdate()
        open_periods = self.filter(Q(meeting__starts_at__date__gte=today)
                                   | Q(meeting__isnull=True, deadline__gte=today))
        return (open_periods.order_by("deadline").first()
                or self.order_by("-deadline").first())


class ActionPlanQuerySet(PlanScopedQuerySet):
    def for_year(self, year: int) -> Self:
        """The year's plans on the action plan pages: a review's plan is never among them."""
        return self.community().filter(year=year)


class ActionQuerySet(PlanScopedQuerySet):
    plan_path = "plan"

    def open(self) -> Self:
        return self.filter(status__in=OPEN)

    def led_by(self, user: User) -> Self:
        return self.filter(lead_officer=user)

    def overdue(self, today: datetime.date | None = None) -> Self:
        return self.filter(overdue_q(today or timezone.localdate()))

    def with_live_rag(self, today: datetime.date | None = None) -> Self:
        """Annotate ``live_rag``: the RAG for ``today`` (rag.live_rag), as every page shows it."""
        return self.annotate(live_rag=live_rag(today or timezone.localdate()))

    def for_year(self, year: int) -> Self:
        return self.community().filter(plan__year=year)

    def with_update_in(self, period: Any) -> Self:
        """Annotate ``has_update``: a submitted (or later) update exists for the period."""
        from .models import ActionUpdate

        submitted = ActionUpdate.objects.filter(action=OuterRef("pk"), period=period).in_group(
            "sent")
        return self.annotate(has_update=Exists(submitted))

    def missing_update(self, period: Any) -> Self:
        return self.with_update_in(period).open().filter(has_update=False)

    def for_table(self, today: datetime.date | None = None) -> Self:
        return self.with_live_rag(today).select_related("plan__priority", "plan__group", "lead_officer",
                                   "lead_organisation")

    def filtered(self, *, plan: Any = None, lead: Any = None, organisation: Any = None,
                 status: str = "", rag: str = "", overdue: bool = False,
                 missing_in: Any = None, today: datetime.date | None = None) -> Self:
        qs = self
        if plan:
            qs = qs.filter(plan=plan)
        if lead:
            qs = qs.filter(lead_officer=lead)
        if organisation:
            qs = qs.filter(Q(lead_organisation=organisation)
                           | Q(supporting_organisations=organisation)).distinct()
        if status == "open":
            qs = qs.open()
        elif status:
            qs = qs.filter(status=status)
        if rag:
            qs = qs.with_live_rag(today).filter(live_rag=rag)
        if overdue:
            qs = qs.overdue(today)
        if missing_in is not None:
            qs = qs.missing_update(missing_in)
        return qs


# Two QuerySet bases: django-stubs generates a differently named as_manager() type for each.
class ActionUpdateQuerySet(PlanScopedQuerySet, WorkflowQuerySet):  # type: ignore[override]
    partnership_path = "action__partnership"
    plan_path = "action__plan"

    def awaiting_review(self) -> Self:
        return self.in_group("awaiting_review")


class ExtensionRequestQuerySet(PartnershipScopedQuerySet):
    partnership_path = "action__partnership"

    def pending(self) -> Self:
        return self.filter(state="pending")
