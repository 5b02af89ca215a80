"""The life of a quarterly update: draft → submitted → accepted, or returned → resubmitted.

States and moves are declared once here, on the shared machinery of
:mod:`partnership.workflow`; everything else asks ``UPDATE_WORKFLOW`` (or the QuerySet's
``in_group``, or the ``in_group`` template filter) instead of naming a state.
"""

from __future__ import annotations

from django.db import models

from partnership.workflow import Workflow


class UpdateState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    RESUBMITTED = "resubmitted", "Resubmitted"
    ACCEPTED = "accepted", "Accepted"


S = UpdateState
UPDATE_WORKFLOW = Workflow(
    states=UpdateState,
    noun="An update",
    transitions={
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.ACCEPTED, S.RETURNED},
        S.RETURNED: {S.RESUBMITTED},
        S.RESUBMITTED: {S.ACCEPTED, S.RETURNED},
        S.ACCEPTED: set(),
    },
    groups={
        "editable": {S.DRAFT, S.RETURNED},  # the lead officer may still change the text
        "awaiting_review": {S.SUBMITTED, S.RESUBMITTED},
        "sent_back": {S.RETURNED},
        "final": {S.ACCEPTED},
        "sent": {S.SUBMITTED, S.RETURNED, S.RESUBMITTED, S.ACCEPTED},  # counts as reported
        "not_sent": {S.DRAFT},
    },
    tags={"final": "govuk-tag--green", "sent_back": "govuk-tag--orange",
          "awaiting_review": "govuk-tag--blue", "not_sent": "govuk-tag--grey"},
)
