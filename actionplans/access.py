"""The one way to find an action plan object for a user (404 if unseen; lock on request).

``access_action(user=..., partnership=..., pk=...)`` and its siblings own the visibility filter
(``.visible_to(user).in_partnership(partnership)``), what the pages need joined in, and the
row lock (``lock=True``: FOR UPDATE OF the row only). Another partnership's object and a
missing one get the same 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from partnership.access import access_object

from .models import Action, ActionPlan, ActionUpdate

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import Partnership, User


def access_action(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                  lock: bool = False) -> Action:
    return access_object(
        Action.objects.visible_to(user).in_partnership(partnership).with_live_rag()
        .select_related("plan__priority", "plan__group", "lead_officer", "lead_organisation",
                        "partnership", "recommendation"), pk=pk, lock=lock)


def access_plan(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                lock: bool = False) -> ActionPlan:
    return access_object(ActionPlan.objects.visible_to(user).in_partnership(partnership)
                         .select_related("partnership"), pk=pk, lock=lock)


def access_update(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                  lock: bool = False) -> ActionUpdate:
    return access_object(
        ActionUpdate.objects.visible_to(user).in_partnership(partnership)
        .select_related("action__lead_officer", "action__plan", "action__partnership", "period",
                        "submitted_by"), pk=pk, lock=lock)


def access_recommendation(*, user: User | AnonymousUser, partnership: Partnership,
                          pk: Any) -> Any:
    """A community safety assessment's recommendation (priorities' model), to turn into an
    action."""
    from priorities.models import Recommendation

    return access_object(Recommendation.objects.visible_to(user).in_partnership(partnership)
                         .select_related("assessment", "priority"), pk=pk)


def access_extension(*, user: User | AnonymousUser, partnership: Partnership, pk: Any,
                     lock: bool = False) -> Any:
    from .models import ExtensionRequest

    return access_object(
        ExtensionRequest.objects.visible_to(user).in_partnership(partnership)
        .select_related("action__lead_officer", "action__plan", "action__partnership",
                        "requested_by"), pk=pk, lock=lock)
