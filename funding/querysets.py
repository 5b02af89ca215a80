"""Chainable querysets for funding; each knows its path to the partnership."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, Self

from django.db.models import Exists, OuterRef, Q

from partnership.querysets import PartnershipScopedQuerySet
from partnership.workflow import WorkflowQuerySet

if TYPE_CHECKING:
    from partnership.periods import Period


class GrantAwardQuerySet(PartnershipScopedQuerySet):
    def for_year(self, start_year: int) -> Self:
        return self.filter(year_start=start_year)


class ReturnDueQuerySet(PartnershipScopedQuerySet):
    partnership_path = "award__partnership"

    def without_current_return(self) -> Self:
        """Schedule periods that have no current return yet."""
        from .models import GrantReturn

        return self.exclude(Exists(GrantReturn.objects.filter(
            award_id=OuterRef("award_id"), part=OuterRef("part"), is_current=True)))

    def due_between(self, first: datetime.date, last: datetime.date) -> Self:
        return self.filter(due_on__gte=first, due_on__lte=last)


class BudgetLineQuerySet(PartnershipScopedQuerySet):
    partnership_path = "award__partnership"

    def of_kind(self, kind: str) -> Self:
        return self.filter(kind=kind)


class SpendQuerySet(PartnershipScopedQuerySet):
    partnership_path = "line__award__partnership"

    def between(self, first: datetime.date, last: datetime.date) -> Self:
        return self.filter(spent_on__gte=first, spent_on__lte=last)


class VirementQuerySet(PartnershipScopedQuerySet):
    partnership_path = "from_line__award__partnership"

    def pending(self) -> Self:
        return self.filter(status="pending")

    def approved(self) -> Self:
        return self.filter(status="approved")


class GrantReturnQuerySet(WorkflowQuerySet):
    partnership_path = "award__partnership"

    def visible_to(self, user: Any) -> Self:
        """Members and admins see every return; an OPCC officer only what was sent (no drafts)."""
        queryset = super().visible_to(user)
        if not user.is_authenticated or user.is_superuser:
            return queryset
        from partnership.models import Membership

        member_of = Membership.objects.filter(user_id=user.pk).values("partnership_id")
        return queryset.filter(Q(award__partnership__in=member_of)
                               | Q(status__in=sorted(self.model.workflow.group("sent"))))

    def current(self) -> Self:
        return self.filter(is_current=True)

    def for_period(self, period: Period) -> Self:
        """Returns for a half or quarter ("2015/16-H1"), or every period of a year ("2015/16")."""
        queryset = self.filter(award__year_start=period.year.start_year)
        return queryset.filter(part=period.part) if period.part else queryset

    def sent_to_opcc(self) -> Self:
        """What the OPCC sees: everything but drafts (the partnership's working copy)."""
        return self.in_group("sent")

    def for_opcc_office(self, office_id: Any) -> Self:
        return self.filter(award__partnership__pcc_office_id=office_id)


class GrantReturnLineQuerySet(PartnershipScopedQuerySet):
    partnership_path = "grant_return__award__partnership"
