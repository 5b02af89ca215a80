"""Shared mixins of the action plan pages: the partnership, one action, one plan."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from partnership.periods import is_recordable_year
from partnership.viewmixins import (
    PartnershipMixin,
)

from .. import selectors
from ..access import access_action, access_plan
from ..models import Action, ActionPlan


class ActionPlansMixin(PartnershipMixin):
    permission_required = "actionplans.view_actions"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Action plans", reverse("actionplans:plans", args=[self.partnership.slug]))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        user = self.request.user
        context["can_manage"] = user.has_perm("actionplans.manage_actions", self.partnership)
        return context  # type: ignore[no-any-return]


class ActionObjectMixin(ActionPlansMixin):
    """Views of one action: found in this partnership (else 404), permission on the action."""

    kwargs: dict[str, Any]

    def get_action(self) -> Action:
        if not hasattr(self, "action"):
            self.action = access_action(user=self.request.user, partnership=self.partnership,
                                        pk=self.kwargs["pk"])
        return self.action

    def get_permission_object(self) -> Any:
        return self.get_action()

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        action = self.get_action()
        return [*super().get_breadcrumbs(),
                (action.reference, reverse("actionplans:action", args=[self.partnership.slug, action.pk]))]


class PlanObjectMixin(ActionPlansMixin):
    permission_required = "actionplans.manage_actions"
    kwargs: dict[str, Any]

    def get_plan(self) -> ActionPlan:
        if not hasattr(self, "plan"):
            self.plan = access_plan(user=self.request.user, partnership=self.partnership,
                                    pk=self.kwargs["pk"])
        return self.plan


def _year(request: HttpRequest, partnership: Any) -> int:
    raw = request.GET.get("year", "")
    # isascii: "²".isdigit() is true but int("²") fails.
    if raw.isascii() and raw.isdigit() and is_recordable_year(int(raw)):
        return int(raw)
    return selectors.current_year(partnership)
