"""The one way to find a priorities object for a user (404 if unseen; lock on request).

``access_plan(user=..., partnership=..., pk=...)`` and its siblings own the visibility filter
(``.visible_to(user).in_partnership(partnership)``), what the pages need joined in, and the
row lock (``lock=True``: FOR UPDATE OF the row only). Another partnership's object and a
missing one get the same 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnership.access import access_object

from .models import (
    Aim,
    CommunitySafetyPlan,
    PerformanceMeasure,
    Priority,
    Recommendation,
    StrategicAssessment,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import Partnership, User


def access_plan(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                lock: bool = False) -> CommunitySafetyPlan:
    return access_object(CommunitySafetyPlan.objects.visible_to(user).in_partnership(partnership),
                         pk=pk, lock=lock)


def access_priority(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                    lock: bool = False) -> Priority:
    return access_object(Priority.objects.visible_to(user).in_partnership(partnership)
                         .select_related("plan"), pk=pk, lock=lock)


def access_aim(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
               lock: bool = False) -> Aim:
    return access_object(Aim.objects.visible_to(user).in_partnership(partnership)
                         .select_related("priority__plan"), pk=pk, lock=lock)


def access_measure(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                   lock: bool = False) -> PerformanceMeasure:
    return access_object(PerformanceMeasure.objects.visible_to(user).in_partnership(partnership),
                         pk=pk, lock=lock)


def access_assessment(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                      lock: bool = False) -> StrategicAssessment:
    return access_object(StrategicAssessment.objects.visible_to(user).in_partnership(partnership),
                         pk=pk, lock=lock)


def access_recommendation(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                          lock: bool = False) -> Recommendation:
    return access_object(Recommendation.objects.visible_to(user).in_partnership(partnership)
                         .select_related("assessment", "priority", "decided_by"),
                         pk=pk, lock=lock)
