"""The dashboard panel: the plan's priorities with their measures' status counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .selectors import plan_status_counts

if TYPE_CHECKING:
    from django.http import HttpRequest

    from partnership.models import Partnership


def plan_status_panel(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    if not request.user.has_perm("priorities.view_plan", partnership):
        return None
    return plan_status_counts(partnership=partnership, user=request.user)  # type: ignore[arg-type]


def performance_section(partnership: Partnership) -> dict[str, Any]:
    """Board pack: seed 004 Fig 1.1 for the latest year with annual figures, one table per
    priority of the current plan (and one for the partnership-wide measures)."""
    from .selectors import default_year, performance_by_priority

    year = default_year(partnership=partnership)
    return {"partnership": partnership, "year": year,
            "groups": performance_by_priority(partnership=partnership, year=year)}
