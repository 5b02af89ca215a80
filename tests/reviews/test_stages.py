"""The stage machine: every legal move allowed, every other one refused with both stages named."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from reviews.stages import DHR_WORKFLOW, DhrStage

S = DhrStage
LEGAL = {
    (S.NOTIFIED, S.SCOPING), (S.SCOPING, S.DECISION), (S.DECISION, S.HOME_OFFICE_INFORMED),
    (S.HOME_OFFICE_INFORMED, S.CHAIR_APPOINTED), (S.HOME_OFFICE_INFORMED, S.CLOSED),
    (S.CHAIR_APPOINTED, S.PANEL), (S.PANEL, S.INFORMATION), (S.INFORMATION, S.DRAFTING),
    (S.DRAFTING, S.QA_SUBMITTED), (S.QA_SUBMITTED, S.QA_APPROVED), (S.QA_SUBMITTED, S.DRAFTING),
    (S.QA_APPROVED, S.PUBLISHED), (S.PUBLISHED, S.CLOSED), (S.CLOSED, S.DECISION),
}
ALL_MOVES = list(itertools.product(list(S), list(S)))


@pytest.mark.parametrize(("current", "target"), sorted(LEGAL))
def test_legal_moves(current: str, target: str) -> None:
    DHR_WORKFLOW.check(current, target)


@pytest.mark.parametrize(("current", "target"),
                         [move for move in ALL_MOVES if move not in LEGAL])
def test_illegal_moves_are_refused(current: str, target: str) -> None:
    with pytest.raises(ValidationError) as caught:
        DHR_WORKFLOW.check(current, target)
    message = caught.value.messages[0]
    assert message.startswith("A review that is ")
    assert S(current).label.lower() in message and S(target).label.lower() in message


def test_a_published_review_cannot_skip_back_to_drafting() -> None:
    with pytest.raises(ValidationError) as caught:
        DHR_WORKFLOW.check(S.PUBLISHED, S.DRAFTING)
    assert caught.value.messages == ["A review that is published cannot be drafting."]
