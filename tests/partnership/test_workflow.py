"""The shared workflow machinery, and the grant return's table written out literally."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.template import Context, Template

from funding.models import RETURN_WORKFLOW, GrantReturn
from partnership.workflow import Workflow

RETURN_ALLOWED = {("draft", "submitted"), ("submitted", "accepted"), ("submitted", "returned"),
                  ("returned", "resubmitted"), ("resubmitted", "accepted"),
                  ("resubmitted", "returned")}
RETURN_STATES = ["draft", "submitted", "returned", "resubmitted", "accepted"]


@pytest.mark.parametrize("current", RETURN_STATES)
@pytest.mark.parametrize("target", RETURN_STATES)
def test_return_transition_table(current: str, target: str) -> None:
    assert RETURN_WORKFLOW.can(current, target) is ((current, target) in RETURN_ALLOWED)


def test_a_refused_return_move_reads_well() -> None:
    with pytest.raises(ValidationError) as refused:
        RETURN_WORKFLOW.check("accepted", "returned")
    assert refused.value.messages == ["A return that is accepted cannot be returned for changes."]


class Light(models.TextChoices):
    RED = "red", "Red"
    GREEN = "green", "Green"


def test_a_workflow_must_give_every_state_its_moves_and_know_its_groups() -> None:
    with pytest.raises(ValueError, match="every state needs its moves"):
        Workflow(states=Light, noun="A light", transitions={Light.RED: {Light.GREEN}})
    with pytest.raises(ValueError, match=r"unknown: \['blue'\]"):
        Workflow(states=Light, noun="A light", transitions={"red": {"blue"}, "green": set()})
    with pytest.raises(ValueError, match="Tags for groups that do not exist"):
        Workflow(states=Light, noun="A light", transitions={"red": set(), "green": set()},
                 tags={"stop": "govuk-tag--red"})
    light = Workflow(states=Light, noun="A light", transitions={"red": {"green"}, "green": set()})
    with pytest.raises(ValueError, match="Light has no group 'stop'"):
        light.is_in("red", "stop")


@pytest.mark.parametrize(("status", "tag", "sent_back"), [
    ("draft", '<strong class="govuk-tag govuk-tag--grey">Draft</strong>', False),
    ("submitted", '<strong class="govuk-tag govuk-tag--blue">Submitted</strong>', False),
    ("resubmitted", '<strong class="govuk-tag govuk-tag--blue">Resubmitted</strong>', False),
    ("returned", '<strong class="govuk-tag govuk-tag--orange">Returned for changes</strong>', True),
    ("accepted", '<strong class="govuk-tag govuk-tag--green">Accepted</strong>', False),
])
def test_the_template_tag_and_filter(status: str, tag: str, sent_back: bool) -> None:
    page = Template('{% load workflow_tags %}{% workflow_tag r %}|{{ r|in_group:"sent_back" }}'
                    '|{% workflow_tag nothing %}|{{ nothing|in_group:"final" }}')
    rendered = page.render(Context({"r": GrantReturn(status=status), "nothing": None}))
    assert rendered == (f'{tag}|{sent_back}|'
                        '<strong class="govuk-tag govuk-tag--grey">Not started</strong>|False')


def test_querysets_filter_by_group() -> None:
    sql: Any = str(GrantReturn.objects.in_group("awaiting_review").query)
    assert "IN (resubmitted, submitted)" in sql
    assert "NOT" in str(GrantReturn.objects.not_in_group("editable").query)


def test_a_workflow_keeps_its_own_frozen_copy_of_the_moves() -> None:
    """Mutant ``__post_init__`` 32: the normalised moves not stored (the caller's mapping kept).
    The moves may be given as any iterable, once: later changes to what the caller passed, or a
    second question, must not change the answers."""
    moves: dict[str, Any] = {"red": iter(["green"]), "green": []}
    light = Workflow(states=Light, noun="A light", transitions=moves)
    moves["green"].append("red")
    assert light.can("red", "green") is True
    assert light.can("red", "green") is True  # asked twice: still allowed
    assert light.can("green", "red") is False
    assert light.transitions == {"red": frozenset({"green"}), "green": frozenset()}
