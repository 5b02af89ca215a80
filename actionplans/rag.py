"""RAG (red, amber, green) rating and "overdue" of an action: defined once, here.

Each rule exists twice, side by side, and both take ``today``: a Python function for one
action (:func:`derive_rag`, :func:`is_overdue`) and the matching database expression for
QuerySets (:func:`live_rag`, :func:`overdue_q`); tests/actionplans/test_rag_once.py checks
they agree case by case. Pages read the live RAG (``ActionQuerySet.with_live_rag(today)``),
so the red list and the overdue list of the highlight report always agree; the stored
``rag`` column (refreshed by the daily job, with a change record) is the history.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, F, Q, Value, When

from partnership.periods import current_quarter


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    NOT_RATED = "none", "Not rated"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    CANCELLED = "cancelled", "Cancelled"
    DEFERRED = "deferred", "Deferred"


CLOSED_STATUSES = frozenset({ActionStatus.COMPLETE, ActionStatus.CANCELLED, ActionStatus.DEFERRED})
OPEN_STATUSES = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})
AMBER_BELOW_PERCENT = 50


def is_overdue(*, status: str, due_on: datetime.date | None, today: datetime.date) -> bool:
    """Open (not started or in progress) and its due date has passed."""
    return status in OPEN_STATUSES and due_on is not None and due_on < today


def overdue_q(today: datetime.date) -> Q:
    """:func:`is_overdue` as a filter."""
    return Q(status__in=sorted(OPEN_STATUSES), due_on__lt=today)


def derive_rag(*, status: str, due_on: datetime.date | None, start_on: datetime.date | None,
               percent_complete: int, today: datetime.date) -> Rag:
    """The rule, in order:

    - complete → green; cancelled or deferred → not rated;
    - past its due date and not complete → red;
    - due by the end of this quarter with less than 50% done → amber;
    - its start date has passed and it has not started → amber;
    - otherwise → green.
    """
    if status == ActionStatus.COMPLETE:
        return Rag.GREEN
    if status in (ActionStatus.CANCELLED, ActionStatus.DEFERRED):
        return Rag.NOT_RATED
    if due_on is not None and due_on < today:
        return Rag.RED
    if due_on is not None and due_on <= current_quarter(today).ends_on \
            and percent_complete < AMBER_BELOW_PERCENT:
        return Rag.AMBER
    if status == ActionStatus.NOT_STARTED and start_on is not None and start_on < today:
        return Rag.AMBER
    return Rag.GREEN


def derived_rag_expression(today: datetime.date) -> Case:
    """:func:`derive_rag` as a database expression, rule for rule."""
    return Case(
        When(status=ActionStatus.COMPLETE, then=Value(Rag.GREEN.value)),
        When(status__in=[ActionStatus.CANCELLED, ActionStatus.DEFERRED],
             then=Value(Rag.NOT_RATED.value)),
        When(due_on__lt=today, then=Value(Rag.RED.value)),
        When(due_on__lte=current_quarter(today).ends_on,
             percent_complete__lt=AMBER_BELOW_PERCENT, then=Value(Rag.AMBER.value)),
        When(status=ActionStatus.NOT_STARTED, start_on__lt=today, then=Value(Rag.AMBER.value)),
        default=Value(Rag.GREEN.value),
        output_field=models.CharField(),
    )


def live_rag(today: datetime.date) -> Case:
    """The RAG shown on every page: the coordinator's override, else the rule for ``today``."""
    return Case(When(~Q(rag_override=""), then=F("rag_override")),
                default=derived_rag_expression(today), output_field=models.CharField())
