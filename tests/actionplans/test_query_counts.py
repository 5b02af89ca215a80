"""The plan page, "My actions", the review queue and the highlight report run a constant
number of queries at 10 and 1,000 actions."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from actionplans.models import Action, ActionUpdate
from actionplans.rag import Rag
from tests.actionplans.factories import make_actions, plan_world
from tests.conftest import steady_queries

pytestmark = pytest.mark.django_db


def _with_updates(world: Any, count: int) -> None:
    actions = make_actions(world, count)
    ActionUpdate.objects.bulk_create([
        ActionUpdate(action=a, period=world.period, progress="p", percent_complete=10,
                     proposed_rag=Rag.GREEN, state="submitted" if i % 2 else "draft")
        for i, a in enumerate(actions)])
    for action in actions[::3]:
        action.supporting_organisations.add(world.organisation)


@pytest.mark.parametrize(("name", "who", "query", "expected"), [
    ("plans", "coordinator", "", 17),
    ("plans", "coordinator", "?rag=green&missing=on&organisation={org}", 16),
    ("my_actions", "lead", "", 9),
    ("review", "coordinator", "", 6),
    ("highlight", "coordinator", "", 7),
])
def test_flat_query_counts(name: str, who: str, query: str, expected: int,
                           client_for: Any) -> None:
    world = plan_world()
    client = client_for(getattr(world, who))
    url = reverse(f"actionplans:{name}", args=[world.partnership.slug]) + query.format(
        org=world.organisation.pk)

    def load() -> None:
        response = client.get(url)
        assert response.status_code == 200

    _with_updates(world, 10)
    small = steady_queries(load)
    _with_updates(world, 990)
    assert Action.objects.count() == 1000
    large = steady_queries(load)
    assert (small, large) == (expected, expected), f"{name}: {small} at 10 actions, {large} at 1,000"
    if name in ("plans", "my_actions") and not query:
        assert "P1.1000" in client.get(url).content.decode()
