"""Chainable querysets for reviews. Need to know lives here as filters, used by access.py.

- ``listable_by(user)``: the anonymised list: members of the partnership and system admins
  (never an OPCC officer, never another partnership).
- ``openable_by(user)``: the reviews a user may open: every review of a partnership where they
  are a DHR coordinator, and the reviews whose panel they sit on. Nobody else, admins included.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Self

from django.db.models import Exists, OuterRef, Q

from partnership.models import Membership, Role
from partnership.querysets import PartnershipScopedQuerySet
from partnership.workflow import WorkflowQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import User


def _active(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


class ReviewQuerySet(WorkflowQuerySet):
    def listable_by(self, user: User | AnonymousUser) -> Self:
        if not _active(user):
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(partnership__in=Membership.objects.filter(user_id=int(user.pk or 0))
                           .values("partnership_id"))

    def openable_by(self, user: User | AnonymousUser) -> Self:
        if not _active(user):
            return self.none()
        from .models import PanelMember

        coordinates = Membership.objects.filter(user_id=int(user.pk or 0),
                                                roles__contains=[Role.DHR_COORDINATOR.value])
        on_panel = PanelMember.objects.filter(review=OuterRef("pk"), user_id=int(user.pk or 0))
        return self.filter(Q(partnership__in=coordinates.values("partnership_id"))
                           | Exists(on_panel))


class ReviewChildQuerySet(PartnershipScopedQuerySet):
    partnership_path = "review__partnership"


class InformationRequestQuerySet(ReviewChildQuerySet):
    def outstanding(self) -> Self:
        return self.filter(received_on__isnull=True)

    def late(self, today: datetime.date) -> Self:
        return self.outstanding().filter(due_on__lt=today)


class AccessLogQuerySet(ReviewChildQuerySet):
    pass
