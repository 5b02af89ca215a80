"""Chainable querysets. Every domain queryset answers `.visible_to(user)`.

An object is visible when its partnership is: the user is a member of it, the user's OPCC
office covers it, or the user is a system admin. Feature apps subclass
:class:`PartnershipScopedQuerySet` and set ``partnership_path``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User


def visible_partnership_filter(user: User | AnonymousUser, prefix: str = "") -> Q:
    """A Q on partnerships (or through ``prefix``) the user may see; nothing for anonymous."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    from .models import Membership

    member_of = Membership.objects.filter(user_id=user.pk).values("partnership_id")
    lookup = f"{prefix}__" if prefix else ""
    condition = Q(**{f"{lookup}pk__in": member_of})
    if getattr(user, "opcc_office_id", None):
        condition |= Q(**{f"{lookup}pcc_office_id": user.opcc_office_id})
    return condition


class PartnershipQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(visible_partnership_filter(user))


class PartnershipScopedQuerySet(models.QuerySet[Any]):
    """Base for querysets of objects that belong to a partnership via ``partnership_path``."""

    partnership_path = "partnership"

    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(visible_partnership_filter(user, self.partnership_path))

    def in_partnership(self, partnership: Any) -> Self:
        return self.filter(**{self.partnership_path: partnership})


class OrganisationQuerySet(PartnershipScopedQuerySet):
    pass


class MembershipQuerySet(PartnershipScopedQuerySet):
    def with_people(self) -> Self:
        return self.select_related("user", "organisation")


class SubGroupQuerySet(PartnershipScopedQuerySet):
    def active(self) -> Self:
        return self.filter(disbanded_on__isnull=True)

    def task_and_finish(self) -> Self:
        return self.filter(kind="task_and_finish")

    def in_status(self, *statuses: str) -> Self:
        return self.filter(status__in=statuses)


class MeetingQuerySet(PartnershipScopedQuerySet):
    def upcoming(self) -> Self:
        from django.utils import timezone

        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> Self:
        from django.utils import timezone

        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at")

    def of_body(self, body: str) -> Self:
        """``"partnership"``: the board's own meetings; a group's id: that group's; else all."""
        if body == "partnership":
            return self.filter(group__isnull=True)
        if body.isdigit() and body.isascii():
            return self.filter(group_id=int(body))
        return self


class AgendaItemQuerySet(PartnershipScopedQuerySet):
    partnership_path = "meeting__partnership"

    def open_to(self, *, confidential_allowed: bool) -> Self:
        return self if confidential_allowed else self.filter(confidential=False)


class PaperQuerySet(PartnershipScopedQuerySet):
    partnership_path = "agenda_item__meeting__partnership"

    def current(self) -> Self:
        """Papers that go in the board pack: not withdrawn, not replaced by a newer version."""
        return self.filter(status="current")


class MeetingActionQuerySet(PartnershipScopedQuerySet):
    partnership_path = "meeting__partnership"

    def open(self) -> Self:
        return self.filter(status="open")

    def owned_by(self, user: User) -> Self:
        return self.filter(owner=user)


class BoardPackQuerySet(PartnershipScopedQuerySet):
    partnership_path = "meeting__partnership"

    def ready(self) -> Self:
        return self.filter(status="ready")
