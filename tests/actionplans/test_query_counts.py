"""The plan page, "My work" (with the lead's actions), the review queue and the highlight
report run a constant number of queries at 10 and 1,000 actions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from actionplans.models import Action, ActionUpdate, ExtensionRequest
from actionplans.rag import Rag
from tests.actionplans.factories import make_actions, plan_world
from tests.conftest import count_queries, steady_queries

pytestmark = pytest.mark.django_db


def _with_updates(world: Any, count: int) -> None:
    actions = make_actions(world, count)
    ActionUpdate.objects.bulk_create([
        ActionUpdate(action=a, period=world.period, progress="p", percent_complete=10,
                     proposed_rag=Rag.GREEN, state="submitted" if i % 2 else "draft")
        for i, a in enumerate(actions)])
    for action in actions[::3]:
        action.supporting_organisations.add(world.organisation)
    # Extension requests waiting for the coordinator (listed on the review queue).
    ExtensionRequest.objects.bulk_create([
        ExtensionRequest(action=a, requested_by=world.lead, current_due_on=a.due_on,
                         proposed_due_on=datetime.date(2032, 3, 31), reason="r")
        for a in actions[::2]])


@pytest.mark.parametrize(("name", "who", "query", "expected"), [
    # The bulk change's lead officers are the filter's lead officers, read once (16 -> 15).
    ("plans", "coordinator", "", 15),
    # Nothing matches these filters: Django's Paginator asks nothing for an empty page.
    ("plans", "coordinator", "?rag=green&missing=on&organisation={org}", 14),
    ("my_work", "lead", "", 10),
    ("review", "coordinator", "", 6),
    ("highlight", "coordinator", "", 6),
])
def test_flat_query_counts(name: str, who: str, query: str, expected: int,
                           client_for: Any) -> None:
    world = plan_world()
    client = client_for(getattr(world, who))
    # "My actions" is part of "My work" now: the lead's actions and updates are listed there.
    namespace = "partnership" if name == "my_work" else "actionplans"
    url = reverse(f"{namespace}:{name}", args=[world.partnership.slug]) + query.format(
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
    if name in ("plans", "my_work") and not query:
        assert "P1.1000" in client.get(url).content.decode()


@pytest.mark.parametrize("page", ["extension", "update", "review_update"])
def test_extension_update_and_review_pages_run_flat_query_counts(page: str,
                                                                  client_for: Any) -> None:
    """One action's pages: the same count whatever else the partnership holds."""
    world = plan_world()

    def load() -> int:
        action = Action.objects.filter(lead_officer=world.lead).order_by("pk").first()
        assert action is not None
        extension = ExtensionRequest.objects.filter(action=action).first() or \
            ExtensionRequest.objects.create(action=action, requested_by=world.lead,
                                            proposed_due_on=datetime.date(2032, 3, 31),
                                            reason="r")
        update = ActionUpdate.objects.filter(action=action).first()
        assert update is not None
        who, args = {"extension": (world.coordinator, extension.pk),
                     "update": (world.lead, action.pk),
                     "review_update": (world.coordinator, update.pk)}[page]
        client = client_for(who)
        url = reverse(f"actionplans:{page}", args=[world.partnership.slug, args])
        return count_queries(lambda: client.get(url))

    _with_updates(world, 10)
    small = load()
    _with_updates(world, 300)
    assert load() == small
