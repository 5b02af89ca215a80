"""The update state machine: draft → submitted → accepted | returned → resubmitted."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actionplans import services
from actionplans.models import ActionUpdate
from actionplans.rag import Rag
from actionplans.states import UPDATE_WORKFLOW, UpdateState
from tests.actionplans.factories import ActionFactory, plan_world

pytestmark = pytest.mark.django_db


def _save(world: Any, action: Any, submit: bool, percent: int = 40, by: Any = None) -> ActionUpdate:
    return services.update_save(action=action, period=world.period, by=by or world.lead,
                                progress="Three problem solving groups held.",
                                percent_complete=percent, proposed_rag=Rag.GREEN, submit=submit)


def test_full_journey_keeps_history() -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    update = _save(world, action, submit=False)
    assert update.state == UpdateState.DRAFT
    update = _save(world, action, submit=True)
    assert update.state == UpdateState.SUBMITTED and update.submitted_by == world.lead
    with pytest.raises(ValidationError):
        services.update_return(update=update, by=world.coordinator, comment="  ")
    update = services.update_return(update=update, by=world.coordinator,
                                    comment="Add the number of cases.")
    assert update.state == UpdateState.RETURNED
    update = _save(world, action, submit=True, percent=60)
    assert update.state == UpdateState.RESUBMITTED
    update = services.update_accept(update=update, by=world.coordinator)
    assert update.state == UpdateState.ACCEPTED
    action.refresh_from_db()
    assert action.percent_complete == 60 and action.status == "in_progress"
    steps = [(s.from_state, s.to_state) for s in update.steps.all()]
    assert steps == [("", "draft"), ("draft", "submitted"), ("submitted", "returned"),
                     ("returned", "resubmitted"), ("resubmitted", "accepted")]
    assert update.steps.get(to_state="returned").comment == "Add the number of cases."


def test_accepted_update_is_read_only() -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    update = services.update_accept(update=_save(world, action, submit=True), by=world.coordinator)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        _save(world, action, submit=True, percent=90)
    with pytest.raises(ValidationError):
        services.update_return(update=update, by=world.coordinator, comment="Try again")
    with pytest.raises(ValidationError):
        services.update_accept(update=update, by=world.coordinator)
    update.refresh_from_db()
    assert update.percent_complete == 40


def test_a_draft_cannot_be_accepted_or_returned() -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    draft = _save(world, action, submit=False)
    with pytest.raises(ValidationError):
        services.update_accept(update=draft, by=world.coordinator)
    with pytest.raises(ValidationError):
        services.update_return(update=draft, by=world.coordinator, comment="No")
    assert ActionUpdate.objects.get().state == UpdateState.DRAFT


def test_a_submitted_update_cannot_be_edited_by_the_lead() -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    _save(world, action, submit=True)
    with pytest.raises(ValidationError):
        _save(world, action, submit=False, percent=99)


# The table written out by hand (never read from the code): (from, to) -> allowed.
ALLOWED = {
    ("draft", "submitted"),
    ("submitted", "accepted"), ("submitted", "returned"),
    ("returned", "resubmitted"),
    ("resubmitted", "accepted"), ("resubmitted", "returned"),
}
STATES = ["draft", "submitted", "returned", "resubmitted", "accepted"]


@pytest.mark.parametrize("current", STATES)
@pytest.mark.parametrize("target", STATES)
def test_transition_table(current: str, target: str) -> None:
    if (current, target) in ALLOWED:
        UPDATE_WORKFLOW.check(current, target)
        assert UPDATE_WORKFLOW.can(current, target)
    else:
        with pytest.raises(ValidationError):
            UPDATE_WORKFLOW.check(current, target)
        assert not UPDATE_WORKFLOW.can(current, target)


def test_the_states_are_exactly_these() -> None:
    assert sorted(UpdateState.values) == sorted(STATES)


def test_a_refused_move_names_both_states() -> None:
    with pytest.raises(ValidationError) as refused:
        UPDATE_WORKFLOW.check("returned", "accepted")
    assert refused.value.messages == ["An update that is returned cannot be accepted."]


@pytest.mark.parametrize(("group", "members"), [
    ("editable", {"draft", "returned"}),
    ("awaiting_review", {"submitted", "resubmitted"}),
    ("sent_back", {"returned"}),
    ("final", {"accepted"}),
    ("sent", {"submitted", "returned", "resubmitted", "accepted"}),
    ("not_sent", {"draft"}),
])
def test_groups(group: str, members: set[str]) -> None:
    assert {s for s in STATES if UPDATE_WORKFLOW.is_in(s, group)} == members


def test_a_returned_update_cannot_be_accepted_without_resubmission() -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    update = _save(world, action, submit=True)
    update = services.update_return(update=update, by=world.coordinator, comment="More detail.")
    with pytest.raises(ValidationError, match=r"An update that is returned cannot be accepted\."):
        services.update_accept(update=update, by=world.coordinator)
    assert ActionUpdate.objects.get(pk=update.pk).state == "returned"


def test_a_resubmitted_update_can_be_returned_again_and_is_in_the_review_queue() -> None:
    from actionplans.selectors import review_queue

    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    update = _save(world, action, submit=True)
    services.update_return(update=update, by=world.coordinator, comment="More detail.")
    update = _save(world, action, submit=True, percent=70)
    assert update.state == "resubmitted"
    assert list(ActionUpdate.objects.awaiting_review()) == [update]
    assert [u.pk for u in review_queue(partnership=world.partnership)] == [update.pk]
    update = services.update_return(update=update, by=world.coordinator, comment="Still short.")
    assert update.state == "returned"
    assert list(ActionUpdate.objects.awaiting_review()) == []


def test_only_the_lead_officer_submits_and_only_the_coordinator_reviews() -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead)
    for outsider in (world.other_lead, world.viewer, world.coordinator):
        with pytest.raises(PermissionDenied):
            _save(world, action, submit=True, by=outsider)
    update = _save(world, action, submit=True)
    for outsider in (world.lead, world.other_lead, world.viewer):
        with pytest.raises(PermissionDenied):
            services.update_accept(update=update, by=outsider)


def test_bulk_review_is_all_or_nothing() -> None:
    world = plan_world()
    actions = [ActionFactory(plan=world.plan, lead_officer=world.lead) for _ in range(3)]
    updates = [_save(world, a, submit=True) for a in actions]
    services.update_accept(update=updates[2], by=world.coordinator)
    with pytest.raises(ValidationError):
        services.updates_bulk_review(updates=updates, by=world.coordinator,
                                     partnership=world.partnership, accept=True)
    assert sorted(ActionUpdate.objects.values_list("state", flat=True)) == [
        "accepted", "submitted", "submitted"]
    count = services.updates_bulk_review(updates=updates[:2], by=world.coordinator,
                                         partnership=world.partnership, accept=False,
                                         comment="Please add figures")
    assert count == 2
    assert set(ActionUpdate.objects.filter(pk__in=[u.pk for u in updates[:2]])
               .values_list("state", flat=True)) == {"returned"}
