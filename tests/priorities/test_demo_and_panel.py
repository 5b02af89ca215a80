"""Demo data (idempotent, from the seeds) and the dashboard panel and nav item."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from priorities import selectors
from priorities.models import (
    Aim,
    CommunitySafetyPlan,
    MeasureValue,
    PerformanceMeasure,
    Priority,
    Recommendation,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (CommunitySafetyPlan, Priority, Aim,
                                              PerformanceMeasure, MeasureValue, Recommendation))


def test_demo_is_idempotent_and_has_the_seed_plan(demo: dict[str, Any]) -> None:
    before = counts()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert counts() == before
    plan = CommunitySafetyPlan.objects.get(partnership=demo["hunts"], start_year=2014)  # history
    assert plan.years_label == "2014/15 to 2016/17"
    assert plan.refreshes.get().refreshed_on.strftime("%B %Y") == "July 2015"
    titles = list(plan.priorities.values_list("title", flat=True))
    assert titles[1:] == ["High and Medium Risk Victims of Anti-Social Behaviour",
                          "Child Sexual Exploitation", "Tackling Violence Against the Person",
                          "Modern Day Slavery"]
    assert plan.priorities.get(kind="overarching").title.startswith("Focus on Victims")
    assert Aim.objects.filter(priority__plan=plan).count() == 30


def test_dashboard_panel_and_nav(demo: dict[str, Any], client_for: Any) -> None:
    user = demo["users"]["viewer@huntingdonshire.example"]
    page = client_for(user).get(reverse("partnership:dashboard",
                                        args=["huntingdonshire"])).content.decode()
    assert "Plan status" in page and "Child Sexual Exploitation" in page
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "0 on track, 0 at risk, 0 off track, 5 without a target or figure" in text
    # each count links to the priority's measures with that status
    assert re.search(r'href="/p/huntingdonshire/priorities/priority/\d+/\?status=none">'
                     r"5 without a target or figure</a>", page)
    assert 'href="/p/huntingdonshire/priorities/"' in page  # the nav item


def test_recommendations_without_actionplans_have_no_actions(demo: dict[str, Any]) -> None:
    recommendation = Recommendation.objects.first()
    assert recommendation is not None
    actions = selectors.linked_actions(recommendation)
    assert actions == [] or all(a.recommendation_id == recommendation.pk for a in actions)


def test_board_pack_section_renders_the_table(demo: dict[str, Any]) -> None:
    from django.template.loader import render_to_string

    from partnership.registry import registry

    section = next(s for s in registry.board_pack if s.key == "priorities-performance")
    html = render_to_string(section.template, section.context(demo["bhb"]))
    assert "Performance 2016/17" in html
    assert "Total crime" in html and "+14.5%" in html and "5,433" in html
