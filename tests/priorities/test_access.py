"""The priorities access layer: one way to find a plan, priority, aim, measure, assessment or
recommendation; the same 404 for missing and foreign ids; locks that take the row only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from partnership.models import Role
from priorities.access import (
    access_aim,
    access_assessment,
    access_measure,
    access_plan,
    access_priority,
    access_recommendation,
)
from tests.factories import PartnershipFactory, member
from tests.priorities.factories import (
    AimFactory,
    AssessmentFactory,
    MeasureFactory,
    PlanFactory,
    PriorityFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db


def world() -> dict[str, Any]:
    partnership = PartnershipFactory()
    plan = PlanFactory(partnership=partnership)
    priority = PriorityFactory(plan=plan)
    assessment = AssessmentFactory(partnership=partnership)
    return {"partnership": partnership, "viewer": member(partnership, Role.VIEWER),
            "plan": plan, "priority": priority, "aim": AimFactory(priority=priority),
            "measure": MeasureFactory(partnership=partnership), "assessment": assessment,
            "recommendation": RecommendationFactory(assessment=assessment)}


FINDERS = [(access_plan, "plan"), (access_priority, "priority"), (access_aim, "aim"),
           (access_measure, "measure"), (access_assessment, "assessment"),
           (access_recommendation, "recommendation")]


def test_each_object_is_found_for_a_member_of_its_partnership() -> None:
    here = world()
    for finder, key in FINDERS:
        assert finder(user=here["viewer"], partnership=here["partnership"],
                      pk=here[key].pk) == here[key], key


def test_a_foreign_id_answers_exactly_as_a_missing_one() -> None:
    here, there = world(), world()
    for finder, key in FINDERS:
        for pk in (there[key].pk, 10**9, "x", None):
            with pytest.raises(Http404) as refused:
                finder(user=here["viewer"], partnership=here["partnership"], pk=pk)
            assert str(refused.value) == "No such object.", key


def test_a_member_of_another_partnership_does_not_see_it_through_its_own_slug() -> None:
    here, there = world(), world()
    for finder, key in FINDERS:
        with pytest.raises(Http404):
            finder(user=here["viewer"], partnership=there["partnership"], pk=there[key].pk)


def test_the_pages_joins_come_with_the_object_in_one_query() -> None:
    here = world()
    with CaptureQueriesContext(connection) as queries:
        aim = access_aim(user=here["viewer"], partnership=here["partnership"], pk=here["aim"].pk)
        assert aim.priority.plan == here["plan"]
        recommendation = access_recommendation(user=here["viewer"],
                                               partnership=here["partnership"],
                                               pk=here["recommendation"].pk)
        assert recommendation.assessment == here["assessment"]
    assert len(queries) == 2


def test_lock_takes_the_row_of_the_priority_only() -> None:
    here = world()
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        found = access_priority(user=here["viewer"], partnership=here["partnership"],
                                pk=here["priority"].pk, lock=True)
    assert found == here["priority"]
    assert len(queries) == 1
    assert queries[-1]["sql"].endswith('FOR UPDATE OF "priorities_priority"'), queries[-1]["sql"]
