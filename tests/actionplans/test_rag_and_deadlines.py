"""Derived RAG and update deadlines over England and Wales bank holidays."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from actionplans import services
from actionplans.deadlines import is_working_day, update_deadline, working_days_after
from actionplans.rag import ActionStatus, Rag, derive_rag
from tests.actionplans.factories import ActionFactory, plan_world
from tests.factories import MeetingFactory

D = datetime.date
TODAY = D(2015, 11, 10)  # 2015/16 Q3 ends 31 December 2015


@pytest.mark.parametrize(("status", "due", "start", "percent", "expected"), [
    (ActionStatus.COMPLETE, D(2015, 1, 1), None, 100, Rag.GREEN),
    (ActionStatus.CANCELLED, D(2015, 1, 1), None, 0, Rag.NOT_RATED),
    (ActionStatus.DEFERRED, D(2015, 1, 1), None, 0, Rag.NOT_RATED),
    (ActionStatus.IN_PROGRESS, D(2015, 11, 9), None, 90, Rag.RED),  # overdue, not complete
    (ActionStatus.IN_PROGRESS, D(2015, 11, 10), None, 90, Rag.GREEN),  # due today: not overdue
    (ActionStatus.IN_PROGRESS, D(2015, 12, 31), None, 49, Rag.AMBER),  # due this quarter, < 50%
    (ActionStatus.IN_PROGRESS, D(2015, 12, 31), None, 50, Rag.GREEN),
    (ActionStatus.IN_PROGRESS, D(2016, 1, 1), None, 10, Rag.GREEN),  # next quarter
    (ActionStatus.NOT_STARTED, D(2016, 3, 31), D(2015, 10, 1), 0, Rag.AMBER),  # late start
    (ActionStatus.NOT_STARTED, D(2016, 3, 31), D(2015, 12, 1), 0, Rag.GREEN),
    (ActionStatus.IN_PROGRESS, None, None, 0, Rag.GREEN),
])
def test_derived_rag(status: str, due: Any, start: Any, percent: int, expected: Rag) -> None:
    assert derive_rag(status=status, due_on=due, start_on=start, percent_complete=percent,
                      today=TODAY) == expected


def test_deadline_skips_easter_bank_holidays() -> None:
    # Partnership on Thursday 7 April 2016: Good Friday 25 and Easter Monday 28 March are
    # bank holidays, so ten working days back is Tuesday 22 March (24 March without them).
    assert not is_working_day(D(2016, 3, 25)) and not is_working_day(D(2016, 3, 28))
    assert update_deadline(D(2016, 4, 7)) == D(2016, 3, 22)


def test_deadline_skips_christmas_and_substitute_days() -> None:
    # 25 Dec 2015 (Fri), Boxing Day substitute Mon 28 Dec, New Year's Day Fri 1 Jan 2016.
    assert update_deadline(D(2016, 1, 7)) == D(2015, 12, 21)
    # An ordinary fortnight: two weekends only.
    assert update_deadline(D(2015, 10, 15)) == D(2015, 10, 1)


def test_working_days_after_skips_may_bank_holiday() -> None:
    assert working_days_after(D(2016, 4, 29), 1) == D(2016, 5, 3)  # Mon 2 May 2016 holiday


@pytest.mark.django_db
def test_reporting_period_deadline_defaults_from_the_meeting() -> None:
    world = plan_world()
    meeting: Any = MeetingFactory(partnership=world.partnership,
                                  starts_at=datetime.datetime(2016, 4, 7, 14, 0,
                                                              tzinfo=datetime.UTC))
    period = services.reporting_period_set(partnership=world.partnership, by=world.coordinator,
                                           period="2015/16 Q4", meeting=meeting)
    assert (period.period, period.deadline) == ("2015/16-Q4", D(2016, 3, 22))
    with pytest.raises(ValidationError):
        services.reporting_period_set(partnership=world.partnership, by=world.coordinator,
                                      period="2015/16", meeting=meeting)


@pytest.mark.django_db
def test_override_keeps_derived_and_shown_rag() -> None:
    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, start_on=D(2014, 4, 1), due_on=D(2015, 1, 1),
                               status="in_progress")
    services.actions_refresh_rag(partnership=world.partnership, today=TODAY)
    action.refresh_from_db()
    assert (action.derived_rag, action.rag) == (Rag.RED, Rag.RED)
    with pytest.raises(ValidationError):
        services.action_override_rag(action=action, by=world.coordinator, rag=Rag.AMBER, reason="")
    services.action_override_rag(action=action, by=world.coordinator, rag=Rag.AMBER,
                                 reason="Funding confirmed; new date being agreed")
    action.refresh_from_db()
    assert (action.derived_rag, action.rag, action.rag_override) == (Rag.RED, Rag.AMBER, Rag.AMBER)
    change = action.changes.get(by=world.coordinator)
    assert (change.field, change.old_value, change.new_value) == ("rag", "red", "amber")
    assert change.reason == "Funding confirmed; new date being agreed"
    services.action_override_rag(action=action, by=world.coordinator, rag="", reason="")
    action.refresh_from_db()
    assert (action.rag, action.rag_override) == (Rag.RED, "")


@pytest.mark.django_db
def test_current_period_stays_open_until_its_meeting() -> None:
    from actionplans.models import ReportingPeriod

    world = plan_world(deadline=D(2016, 1, 7))
    meeting: Any = MeetingFactory(partnership=world.partnership,
                                  starts_at=datetime.datetime(2016, 1, 21, 14, 0, tzinfo=datetime.UTC))
    world.period.meeting = meeting
    world.period.save()
    q4 = ReportingPeriod.objects.create(partnership=world.partnership, period="2015/16-Q4",
                                        deadline=D(2016, 4, 7))
    current = ReportingPeriod.objects.in_partnership(world.partnership).current
    assert current(D(2016, 1, 1)) == world.period
    assert current(D(2016, 1, 15)) == world.period  # after the deadline, before the meeting
    assert current(D(2016, 1, 22)) == q4
    assert current(D(2016, 5, 1)) == q4  # nothing open: the latest


@pytest.mark.django_db
def test_daily_refresh_logs_rag_changes_and_board_pack_section_renders() -> None:
    from django.template.loader import render_to_string

    from partnership.registry import registry

    world = plan_world()
    action: Any = ActionFactory(plan=world.plan, lead_officer=world.lead, status="in_progress",
                                due_on=D(2016, 2, 1), start_on=D(2015, 4, 1))
    assert services.actions_refresh_rag(partnership=world.partnership, today=D(2016, 2, 2)) == 1
    assert services.actions_refresh_rag(partnership=world.partnership, today=D(2016, 2, 2)) == 0
    change = action.changes.get()
    assert (change.field, change.old_value, change.new_value) == ("rag", "green", "red")
    section = next(s for s in registry.board_pack if s.key == "actionplans-highlight")
    html = " ".join(render_to_string(section.template, section.context(world.partnership)).split())
    days_overdue = (timezone.localdate() - D(2016, 2, 1)).days
    assert "Open actions by RAG: Red 1, Amber 0, Green 0, Not rated 0." in html
    # ONE table per plan, each action once, with days overdue and the latest update (none)
    assert html.count(f"<td>{action.reference}</td>") == 1
    assert f"<td>{action.reference}</td>" in html and f"<td>{days_overdue}</td>" in html
    assert "No update" in html
