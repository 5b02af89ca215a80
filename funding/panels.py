"""Funding on the dashboard, "My work" and in the board pack."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Window
from django.http import HttpRequest
from django.utils import timezone

from partnership.models import Partnership

from .models import GrantAward
from .money import percent
from .selectors import awaiting_decision, award_page, awards_in, returns_due_for

DASHBOARD_AWARDS = 5


def dashboard_panel(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    """Active awards with their spend % (summed by the database), how many there are, and the
    returns due or overdue. Three queries whatever the number of awards, lines or spend."""
    user: Any = request.user
    if not user.has_perm("funding.view_funding", partnership):
        return None
    # How many are active rides along as a window count: the same query whatever the number.
    # The columns the panel shows (an award row also carries its conditions and letter).
    awards = list(awards_in(partnership=partnership, user=user).filter(status="active")
                  .only("partnership", "year_start", "amount", "stream", "stream__name")
                  .annotate(active_count=Window(Count("pk")))[:DASHBOARD_AWARDS])
    for award in awards:
        award.remaining = award.amount - award.spent  # type: ignore[attr-defined]
        award.percent_spent = percent(award.spent, award.amount)  # type: ignore[attr-defined]
    count = awards[0].active_count if awards else 0  # type: ignore[attr-defined]
    return {"partnership": partnership, "awards": awards, "active_count": count,
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


def is_opcc_officer(user: Any) -> bool:
    """An OPCC officer: their nav has the OPCC's own items (no query: a field of the user)."""
    return bool(getattr(user, "opcc_office_id", None))


def opcc_landing(user: Any) -> str | None:
    """Where an OPCC officer lands: the returns awaiting their decision across the force area."""
    from django.urls import reverse

    return reverse("opcc:home") if is_opcc_officer(user) else None
