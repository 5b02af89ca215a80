"""A task-and-finish group's life, on the shared workflow machinery (partnership/workflow.py).

proposed → active → reporting → closed. A proposed group that the board does not pursue, or an
active one disbanded early, closes straight away (with a reason). A closed group is never
reopened: it is *re-formed* as a new term (a new group linked to the earlier one), so each
term keeps its own members, plan, report and history.
"""

from __future__ import annotations

from django.db import models

from .workflow import Workflow


class GroupStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    REPORTING = "reporting", "Reporting back"
    CLOSED = "closed", "Closed"


G = GroupStatus

GROUP_WORKFLOW = Workflow(
    states=GroupStatus,
    noun="A group",
    transitions={
        G.PROPOSED: {G.ACTIVE, G.CLOSED},
        G.ACTIVE: {G.REPORTING, G.CLOSED},
        G.REPORTING: {G.CLOSED, G.ACTIVE},
        G.CLOSED: set(),
    },
    groups={
        "open": {G.PROPOSED, G.ACTIVE, G.REPORTING},
        "working": {G.ACTIVE, G.REPORTING},
        "final": {G.CLOSED},
    },
    tags={"final": "govuk-tag--grey", "working": "govuk-tag--green", "open": "govuk-tag--yellow"},
)

MOVE_LABELS: dict[str, str] = {
    G.ACTIVE: "Start the group's work",
    G.REPORTING: "Start reporting back",
    G.CLOSED: "Close (disband) the group",
}
