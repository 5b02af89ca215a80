"""RAG and "overdue" are defined once: the Python rule and the database expression agree,
case by case, for the same ``today``; the highlight report's red and overdue lists agree."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest

from actionplans.models import Action
from actionplans.rag import ActionStatus, Rag, derive_rag, is_overdue
from actionplans.selectors import highlight_report
from tests.actionplans.factories import make_actions, plan_world

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2016, 2, 10)  # Q4 of 2015/16 ends on 31 March 2016
DATES = [None, datetime.date(2016, 2, 9), TODAY, datetime.date(2016, 2, 11),
         datetime.date(2016, 3, 31), datetime.date(2016, 4, 1)]
STATUSES = list(ActionStatus.values)
PERCENTS = [0, 49, 50, 100]


def test_the_database_expression_agrees_with_the_python_rule_in_every_case() -> None:
    world = plan_world()
    cases = list(itertools.product(STATUSES, DATES, DATES, PERCENTS))
    rows = make_actions(world, len(cases))
    for action, (status, due_on, start_on, percent) in zip(rows, cases, strict=True):
        action.status, action.due_on, action.start_on, action.percent_complete = (
            status, due_on, start_on, percent)
    Action.objects.bulk_update(rows, ["status", "due_on", "start_on", "percent_complete"])
    live = dict(Action.objects.with_live_rag(TODAY).values_list("pk", "live_rag"))
    overdue = set(Action.objects.overdue(TODAY).values_list("pk", flat=True))
    disagreements = []
    for action, (status, due_on, start_on, percent) in zip(rows, cases, strict=True):
        rule = derive_rag(status=status, due_on=due_on, start_on=start_on,
                          percent_complete=percent, today=TODAY)
        if live[action.pk] != rule:
            disagreements.append((status, due_on, start_on, percent, live[action.pk], rule))
        if (action.pk in overdue) != is_overdue(status=status, due_on=due_on, today=TODAY):
            disagreements.append((status, due_on, "overdue"))
    assert disagreements == []
    assert len(cases) == 720


def test_an_override_wins_in_the_live_rag() -> None:
    world = plan_world()
    action = make_actions(world, 1)[0]
    Action.objects.filter(pk=action.pk).update(due_on=datetime.date(2016, 1, 1))
    assert Action.objects.with_live_rag(TODAY).get().live_rag == Rag.RED
    Action.objects.filter(pk=action.pk).update(rag_override=Rag.GREEN, rag=Rag.GREEN,
                                               rag_override_reason="Agreed at the board")
    assert Action.objects.with_live_rag(TODAY).get().live_rag == Rag.GREEN


def test_red_and_overdue_agree_the_day_an_action_falls_due_even_before_the_daily_job() -> None:
    """The stored rag column still says green (the 07:00 job has not run): pages do not."""
    world = plan_world()
    stale: Any = make_actions(world, 1)[0]
    Action.objects.filter(pk=stale.pk).update(due_on=TODAY - datetime.timedelta(days=1))
    assert Action.objects.get(pk=stale.pk).rag == Rag.GREEN  # stored, stale
    report = highlight_report(partnership=world.partnership, period=None, today=TODAY)
    assert [a.pk for a in report.red] == [stale.pk]
    assert [a.pk for a in report.overdue] == [stale.pk]
    assert report.amber == []


def test_due_today_is_not_overdue_and_due_yesterday_is() -> None:
    assert is_overdue(status=ActionStatus.IN_PROGRESS, due_on=TODAY, today=TODAY) is False
    assert is_overdue(status=ActionStatus.IN_PROGRESS, due_on=TODAY - datetime.timedelta(days=1),
                      today=TODAY) is True
    assert is_overdue(status=ActionStatus.NOT_STARTED, due_on=TODAY - datetime.timedelta(days=1),
                      today=TODAY) is True
    assert is_overdue(status=ActionStatus.COMPLETE, due_on=TODAY - datetime.timedelta(days=1),
                      today=TODAY) is False
    assert is_overdue(status=ActionStatus.IN_PROGRESS, due_on=None, today=TODAY) is False
