"""A review's stages, on the shared workflow machinery (partnership/workflow.py).

notified → scoping → decision → Home Office informed → chair appointed → panel and terms of
reference → information gathering → drafting → submitted to Home Office QA → QA approved →
published → closed. QA "changes required" loops back to drafting. A "not hold" decision goes
decision → Home Office informed → closed, and a closed, not-held case reopens (back to decision)
when the Home Office directs a review. Which branch applies after "Home Office informed" depends
on the recorded decision: the machine allows both, the service (``review_move``) checks which.
"""

from __future__ import annotations

from django.db import models

from partnership.workflow import Workflow


class DhrStage(models.TextChoices):
    NOTIFIED = "notified", "Notified"
    SCOPING = "scoping", "Scoping"
    DECISION = "decision", "Awaiting decision"
    HOME_OFFICE_INFORMED = "home_office_informed", "Home Office informed"
    CHAIR_APPOINTED = "chair_appointed", "Chair appointed"
    PANEL = "panel", "Panel and terms of reference"
    INFORMATION = "information", "Information gathering"
    DRAFTING = "drafting", "Drafting"
    QA_SUBMITTED = "qa_submitted", "Submitted to Home Office quality assurance"
    QA_APPROVED = "qa_approved", "Approved by Home Office quality assurance"
    PUBLISHED = "published", "Published"
    CLOSED = "closed", "Closed"


S = DhrStage

DHR_WORKFLOW = Workflow(
    states=DhrStage,
    noun="A review",
    transitions={
        S.NOTIFIED: {S.SCOPING},
        S.SCOPING: {S.DECISION},
        S.DECISION: {S.HOME_OFFICE_INFORMED},
        S.HOME_OFFICE_INFORMED: {S.CHAIR_APPOINTED, S.CLOSED},
        S.CHAIR_APPOINTED: {S.PANEL},
        S.PANEL: {S.INFORMATION},
        S.INFORMATION: {S.DRAFTING},
        S.DRAFTING: {S.QA_SUBMITTED},
        S.QA_SUBMITTED: {S.QA_APPROVED, S.DRAFTING},
        S.QA_APPROVED: {S.PUBLISHED},
        S.PUBLISHED: {S.CLOSED},
        S.CLOSED: {S.DECISION},
    },
    groups={
        # Before the decision: the one-month decision deadline runs.
        "deciding": {S.NOTIFIED, S.SCOPING, S.DECISION},
        # A review being held and not yet finished: the completion clock runs.
        "in_progress": {S.CHAIR_APPOINTED, S.PANEL, S.INFORMATION, S.DRAFTING, S.QA_SUBMITTED,
                        S.QA_APPROVED},
        "awaiting_review": {S.QA_SUBMITTED},
        "final": {S.PUBLISHED, S.CLOSED},
        "open": {S.NOTIFIED, S.SCOPING, S.DECISION, S.HOME_OFFICE_INFORMED, S.CHAIR_APPOINTED,
                 S.PANEL, S.INFORMATION, S.DRAFTING, S.QA_SUBMITTED, S.QA_APPROVED},
    },
    tags={"final": "govuk-tag--green", "awaiting_review": "govuk-tag--blue",
          "deciding": "govuk-tag--yellow", "in_progress": "govuk-tag--purple"},
)

# The verb a button shows for each target stage (the page never spells a stage by hand).
MOVE_LABELS: dict[str, str] = {
    S.SCOPING: "Start scoping",
    S.DECISION: "Ready for the decision",
    S.HOME_OFFICE_INFORMED: "Record that the Home Office was informed",
    S.CHAIR_APPOINTED: "Record the chair's appointment",
    S.PANEL: "Move to panel and terms of reference",
    S.INFORMATION: "Start information gathering",
    S.DRAFTING: "Start drafting",
    S.QA_SUBMITTED: "Record submission to Home Office quality assurance",
    S.QA_APPROVED: "Record quality assurance approval",
    S.PUBLISHED: "Record publication",
    S.CLOSED: "Close the review",
}

# A move back has its own words: from quality assurance, drafting again means the panel asked
# for changes (the reason is then its feedback, required).
BACK_LABELS: dict[tuple[str, str], str] = {
    (S.QA_SUBMITTED, S.DRAFTING): "Record changes required (back to drafting)",
}


def move_label(from_stage: str, to_stage: str) -> str:
    """The button's words for moving a review from ``from_stage`` to ``to_stage``."""
    return BACK_LABELS.get((from_stage, to_stage), MOVE_LABELS[to_stage])
