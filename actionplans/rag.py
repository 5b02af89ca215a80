"""RAG (red, amber, green) rating of an action, derived from its facts."""

from __future__ import annotations

import datetime

from django.db import models

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
    if due_on is not None and due_on <= current_quarter(today).ends_on and percent_complete < 50:
        return Rag.AMBER
    if status == ActionStatus.NOT_STARTED and start_on is not None and start_on < today:
        return Rag.AMBER
    return Rag.GREEN
