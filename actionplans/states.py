"""The life of a quarterly update: draft → submitted → accepted, or returned → resubmitted."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models


class UpdateState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ACCEPTED = "accepted", "Accepted"


S = UpdateState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED}),
    S.SUBMITTED: frozenset({S.ACCEPTED, S.RETURNED}),
    S.RETURNED: frozenset({S.RESUBMITTED}),
    S.RESUBMITTED: frozenset({S.ACCEPTED, S.RETURNED}),
    S.ACCEPTED: frozenset(),
}
EDITABLE = frozenset({S.DRAFT, S.RETURNED})  # the lead officer may still change the text
AWAITING_REVIEW = frozenset({S.SUBMITTED, S.RESUBMITTED})


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise ValidationError(
            f"An update that is {UpdateState(current).label.lower()} cannot be "
            f"{UpdateState(target).label.lower()}.")
