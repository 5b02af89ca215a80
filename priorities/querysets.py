"""Chainable querysets for plans, priorities, measures and strategic assessments."""

from __future__ import annotations

from typing import Self

from django.db.models import Q

from partnership.querysets import PartnershipScopedQuerySet


class PlanQuerySet(PartnershipScopedQuerySet):
    def adopted(self) -> Self:
        return self.filter(status="adopted")

    def current(self) -> Self:
        """The adopted version first, then drafts, newest first."""
        return self.exclude(status="superseded").order_by("status", "-version")


class PlanRefreshQuerySet(PartnershipScopedQuerySet):
    partnership_path = "plan__partnership"


class PriorityQuerySet(PartnershipScopedQuerySet):
    partnership_path = "plan__partnership"

    def in_current_plan(self) -> Self:
        return self.filter(plan__status="adopted")


class AimQuerySet(PartnershipScopedQuerySet):
    partnership_path = "priority__plan__partnership"


class MeasureQuerySet(PartnershipScopedQuerySet):
    def partnership_wide(self) -> Self:
        return self.filter(priority__isnull=True)

    def for_table(self) -> Self:
        return self.select_related("priority").prefetch_related("values")


class MeasureValueQuerySet(PartnershipScopedQuerySet):
    partnership_path = "measure__partnership"

    def in_periods(self, keys: list[str]) -> Self:
        return self.filter(period__in=keys)


class AssessmentQuerySet(PartnershipScopedQuerySet):
    def published(self) -> Self:
        return self.filter(published_on__isnull=False)

    def upcoming(self) -> Self:
        return self.filter(published_on__isnull=True).order_by("due_on", "pk")


class RecommendationQuerySet(PartnershipScopedQuerySet):
    partnership_path = "assessment__partnership"

    def open(self) -> Self:
        return self.filter(status="open")

    def accepted(self) -> Self:
        return self.filter(status="accepted")

    def decided(self) -> Self:
        return self.filter(~Q(status="open"))
