"""The dashboard panel and the "My work" panel (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from partnership.links import url_prefix
from partnership.models import Partnership

from . import selectors
from .models import Action, ActionUpdate


def dashboard_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    """The year's open actions by live RAG, how many are overdue and how many still miss this
    quarter's update: counted by the database (four queries whatever the number of actions).
    Each figure links to the action plans page filtered to exactly those actions."""
    if not request.user.has_perm("actionplans.view_actions", partnership):
        return None
    period = selectors.current_period(partnership)
    return {"slug": partnership.slug, "period": period,
            **selectors.dashboard_counts(partnership=partnership, period=period)}


def my_work_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any] | None:
    """A lead officer: how many updates are due and by when, the actions still to write
    (none yet, a draft, or returned) and the updates returned with the coordinator's comment.
    A coordinator: how many updates wait for review. Four queries at most, whatever the data
    (the actions, their updates for the period, the history, the count waiting for review)."""
    user: Any = request.user
    if not user.is_authenticated:
        return None
    period = selectors.current_period(partnership)
    reviewer = user.has_perm("actionplans.review_update", partnership)
    waiting = (ActionUpdate.objects.in_partnership(partnership).awaiting_review().count()
               if reviewer else 0)
    # What "My actions" showed: every open action led in a live plan (closed plans are history
    # and ask nothing of anyone), each with its update for the period; what is due and what
    # was returned are read from these.
    mine = selectors.my_actions(user=user, partnership=partnership, period=period)
    leads = bool(mine)
    if not leads and not reviewer:
        return None
    due: list[Action] = []
    due_count = 0
    returned: list[ActionUpdate] = []
    if leads and period is not None:
        to_write = selectors.still_to_write(mine)
        due_count = len(to_write)
        due = to_write[:20]
        returned = selectors.returned_to_lead(mine)
    history: list[ActionUpdate] = []
    if leads:
        history = list(selectors.my_update_history(user=user, partnership=partnership)[:50])
    # Row links from a prefix: no URL reversing per row.
    return {"slug": partnership.slug, "period": period, "actions": due, "due_count": due_count,
            "returned": returned, "leads": leads, "reviewer": reviewer, "waiting": waiting,
            "mine": mine, "history": history,
            "action_url_prefix": url_prefix("actionplans:action", partnership.slug)}


def board_pack_context(partnership: Partnership) -> dict[str, Any]:
    """The board pack's highlight report: per priority (or group) plan, its RAG counts and ONE
    table of exceptions (red, amber, overdue or no update this quarter), each action once."""
    period = selectors.current_period(partnership)
    return {"partnership": partnership, "period": period,
            "plans": selectors.board_exceptions(partnership=partnership, period=period)}
