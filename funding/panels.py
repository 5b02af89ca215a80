"""The funding panel of the partnership dashboard (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from partnership.models import Partnership

from .selectors import awards_in, returns_due_for


def dashboard_panel(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    user: Any = request.user
    if not user.has_perm("funding.view_funding", partnership):
        return None
    awards = list(awards_in(partnership=partnership, user=user).filter(status="active")[:3])
    for award in awards:
        award.remaining = award.amount - award.spent  # type: ignore[attr-defined]
    return {"partnership": partnership, "awards": awards,
            "due": returns_due_for(partnership=partnership, user=user, today=timezone.localdate())}
