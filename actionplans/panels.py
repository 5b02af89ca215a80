"""The dashboard panel and the "My work" panel (registered in apps.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.http import HttpRequest

from partnership.models import Partnership

from . import selectors
from .models import Action
from .rag import Rag


def dashboard_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    if not request.user.has_perm("actionplans.view_actions", partnership):
        return None
    period = selectors.current_period(partnership)
    rags = Counter(Action.objects.in_partnership(partnership).open().with_live_rag()
                   .values_list("live_rag", flat=True))
    missing = Action.objects.in_partnership(partnership).missing_update(period).count() if period else 0
    return {"slug": partnership.slug, "period": period, "missing": missing,
            "total": sum(rags.values()),
            "rags": {rag.value: rags.get(rag.value, 0) for rag in Rag if rag != Rag.NOT_RATED}}


def my_work_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    user = request.user
    if not user.is_authenticated:
        return None
    period = selectors.current_period(partnership)
    actions = Action.objects.in_partnership(partnership).led_by(user).open().with_live_rag()  # type: ignore[arg-type]
    if not actions.exists():
        return None
    due = list(actions.missing_update(period).order_by("due_on", "reference")[:20]) if period else []
    return {"slug": partnership.slug, "period": period, "actions": due}


def board_pack_context(partnership: Partnership) -> dict[str, Any]:
    """The highlight report (red, amber, overdue, no update) for the board pack."""
    period = selectors.current_period(partnership)
    return {"partnership": partnership,
            "report": selectors.highlight_report(partnership=partnership, period=period)}
