"""Funding on the dashboard, "My work" and in the board pack."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from partnership.models import Partnership

from .models import GrantAward
from .selectors import awaiting_decision, award_page, awards_in, returns_due_for


def dashboard_panel(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    user: Any = request.user
    if not user.has_perm("funding.view_funding", partnership):
        return None
    awards = list(awards_in(partnership=partnership, user=user).filter(status="active")[:3])
    for award in awards:
        award.remaining = award.amount - award.spent  # type: ignore[attr-defined]
    return {"partnership": partnership, "awards": awards,
            "due": returns_due_for(partnership=partnership, user=user, today=timezone.localdate())}


def my_work_panel(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    """Bookkeepers: returns to complete. The OPCC officer: returns waiting for a decision."""
    user: Any = request.user
    to_complete = user.has_perm("funding.edit_return", partnership)
    to_decide = user.has_perm("funding.review_return", partnership)
    if not (to_complete or to_decide):
        return None
    return {
        "partnership": partnership,
        "due": returns_due_for(partnership=partnership, user=user) if to_complete else [],
        "awaiting": list(awaiting_decision(partnership=partnership, user=user)) if to_decide else [],
        "to_complete": to_complete, "to_decide": to_decide,
    }


def board_pack_context(partnership: Partnership) -> dict[str, Any]:
    """Each active award: capital and revenue budgets, spend and return status (never mixed)."""
    awards = GrantAward.objects.in_partnership(partnership).filter(status="active").select_related(
        "stream", "partnership").order_by("-year_start", "stream__name")
    return {"partnership": partnership, "pages": [award_page(award=award) for award in awards]}
