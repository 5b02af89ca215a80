"""The plan, performance, priority pages and dashboard panel run a constant number of
queries at 10 and at 500 measures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from partnership.models import Role
from partnership.periods import Period
from priorities.models import MeasureValue, PerformanceMeasure
from tests.conftest import steady_queries
from tests.factories import PartnershipFactory, member

from .factories import AimFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db

PERIODS = [Period.parse(p) for p in ("2014/15", "2015/16", "2016/17")]


def build(measure_count: int) -> dict[str, Any]:
    partnership = PartnershipFactory.create()
    plan = PlanFactory.create(partnership=partnership)
    priorities = [PriorityFactory.create(plan=plan) for _ in range(5)]
    for priority in priorities:
        AimFactory.create_batch(3, priority=priority)
    measures = PerformanceMeasure.objects.bulk_create([
        PerformanceMeasure(partnership=partnership, name=f"Measure {i}",
                           priority=priorities[i % 5] if i % 10 else None,
                           target=Decimal(100), order=i)
        for i in range(measure_count)])
    MeasureValue.objects.bulk_create([
        MeasureValue(measure=m, period=p.key, period_start=p.starts_on, value=Decimal(90 + i),
                     comparator_value=Decimal(1000 + i))
        for m in measures for i, p in enumerate(PERIODS)])
    return {"p": partnership, "user": member(partnership, Role.BOARD_MEMBER),
            "priority": priorities[1]}


@pytest.mark.parametrize(("page", "expected"), [
    ("plan", 14), ("performance", 8), ("priority", 11), ("dashboard", 18)])
def test_constant_queries(page: str, expected: int, client_for: Any) -> None:
    counts = []
    for size in (10, 500):
        world = build(size)
        client = client_for(world["user"])
        slug = world["p"].slug
        url = {
            "plan": reverse("priorities:plan", args=[slug]),
            "performance": reverse("priorities:performance", args=[slug]),
            "priority": reverse("priorities:priority", args=[slug, world["priority"].pk]),
            "dashboard": reverse("partnership:dashboard", args=[slug]),
        }[page]
        client.get(url)  # warm caches (session, content types)

        def fetch(client: Any = client, url: str = url, size: int = size) -> None:
            response = client.get(url)
            assert response.status_code == 200
            if page == "performance":  # a page of 50 measures at a time
                shown = {10: 10, 500: 50}[size]
                assert response.content.decode().count("priorities/measures/") == shown

        counts.append(steady_queries(fetch))
    assert counts == [expected, expected], f"{page}: {counts[0]} at 10, {counts[1]} at 500"
