"""The access layer: one way to find an object, the same 404 for missing and foreign ids,
and locks that take the row only."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from actionplans.access import access_action, access_plan
from tests.actionplans.factories import make_actions, plan_world

pytestmark = pytest.mark.django_db


def test_a_foreign_id_answers_exactly_as_a_missing_one() -> None:
    here, there = plan_world(), plan_world()
    foreign = make_actions(there, 1)[0]
    for pk in (foreign.pk, 10**9, "x", "", None):
        with pytest.raises(Http404) as refused:
            access_action(user=here.coordinator, partnership=here.partnership, pk=pk)
        assert str(refused.value) == "No such object."


def test_an_action_of_another_partnership_is_not_seen_through_its_own_slug_either() -> None:
    """Visibility is checked as well as the partnership: a member of A asking for B's plan."""
    here, there = plan_world(), plan_world()
    with pytest.raises(Http404):
        access_plan(user=here.coordinator, partnership=there.partnership, pk=there.plan.pk)
    assert access_plan(user=there.viewer, partnership=there.partnership,
                       pk=there.plan.pk) == there.plan


def test_lock_takes_the_row_of_the_action_only() -> None:
    world = plan_world()
    action = make_actions(world, 1)[0]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        found = access_action(user=world.coordinator, partnership=world.partnership,
                              pk=action.pk, lock=True)
    assert found == action
    assert len(queries) == 1  # visibility is a subquery of the one locking SELECT
    sql = queries[-1]["sql"]
    assert sql.endswith('FOR UPDATE OF "actionplans_action"'), sql
