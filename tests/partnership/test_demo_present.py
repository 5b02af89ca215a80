"""`load_demo --today`: the demo lives in the present (a mix of RAG and update states, an
upcoming board with papers, a return due soon and one overdue, illustrative figures for the
last three years) and keeps the seeds' history as history. Idempotent, same data per date."""

from __future__ import annotations

import datetime
import io
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from actionplans.models import Action, ActionUpdate, ReportingPeriod
from funding.models import GrantAward, GrantReturn, ReturnDue
from partnership.models import Meeting, Paper
from priorities.models import CommunitySafetyPlan, MeasureValue, PerformanceMeasure

D = datetime.date


def load(day: str) -> None:
    call_command("load_demo", today=day, stdout=io.StringIO())


def snapshot(today: D) -> dict[str, Any]:
    """What the present looks like for the year of ``today``."""
    year = today.year if today.month >= 4 else today.year - 1
    actions = Action.objects.filter(partnership__slug="huntingdonshire", plan__year=year,
                                    plan__status="live")
    due_now = (ReportingPeriod.objects.filter(partnership__slug="huntingdonshire",
                                              deadline__gte=today).order_by("deadline").first())
    states = Counter(ActionUpdate.objects.filter(action__in=actions, period=due_now)
                     .values_list("state", flat=True))
    missing = (actions.filter(status__in=["in_progress", "not_started"])
               .exclude(updates__period=due_now).exclude(lead_officer=None).count())
    return {"rags": Counter(actions.values_list("rag", flat=True)), "states": states,
            "missing": missing, "due_now": due_now}


@pytest.mark.parametrize("day", ["2026-12-01", "2025-12-01", "2027-05-20"])
def test_the_present_has_every_rag_and_update_state(db: Any, day: str) -> None:
    load(day)
    today = D.fromisoformat(day)
    found = snapshot(today)
    assert {"green", "amber", "red"} <= set(found["rags"])
    assert {"accepted", "submitted", "resubmitted", "returned", "draft"} <= set(found["states"])
    assert found["missing"] >= 1
    assert today <= found["due_now"].deadline <= today + datetime.timedelta(days=21)


@pytest.mark.parametrize("day", ["2026-12-01", "2025-12-01"])
def test_a_board_with_papers_a_return_due_soon_and_one_overdue(db: Any, day: str) -> None:
    load(day)
    today = D.fromisoformat(day)
    board = (Meeting.objects.filter(partnership__slug="huntingdonshire", group=None,
                                    starts_at__date__gt=today).order_by("starts_at").first())
    assert board is not None and (board.starts_at.date() - today).days <= 31
    assert Paper.objects.filter(agenda_item__meeting=board).count() == 2
    unsubmitted = [due for due in ReturnDue.objects.filter(
        award__partnership__slug="huntingdonshire", award__year_start__gt=2015)
        if not GrantReturn.objects.filter(award=due.award, part=due.part).exists()]
    soon = [d for d in unsubmitted if today <= d.due_on <= today + datetime.timedelta(days=14)]
    overdue = [d for d in unsubmitted if d.due_on < today]
    assert len(soon) == 1 and len(overdue) == 1


def test_illustrative_figures_for_the_last_three_years(db: Any) -> None:
    load("2026-12-01")
    measures = PerformanceMeasure.objects.filter(partnership__slug="huntingdonshire")
    assert measures.count() > 0
    for measure in measures:
        assert measure.data_source.startswith("Illustrative figures made up for the demo")
        periods = set(MeasureValue.objects.filter(measure=measure).values_list("period", flat=True))
        assert periods == {"2023/24", "2024/25", "2025/26"}


def test_the_seed_history_stays_history(db: Any) -> None:
    load("2026-12-01")
    plans = {p.start_year: p for p in CommunitySafetyPlan.objects.filter(
        partnership__slug="huntingdonshire")}
    assert plans[2014].status == "superseded"
    assert plans[2014].title == "Huntingdonshire Community Safety Plan 2014-17"
    assert plans[2026].status == "adopted"
    assert [p.carried_from.plan.start_year for p in plans[2026].priorities.all()] == [2014] * 5
    csf = GrantAward.objects.get(partnership__slug="huntingdonshire", year_start=2015,
                                 stream__name="Community Safety Fund")
    assert csf.amount == Decimal("22990.00")
    # Seed 004 Fig 1.1, exactly: Hinckley and Bosworth, 2015/16 and 2016/17.
    bhb = {(v.measure.name, v.period): v.value for v in MeasureValue.objects.filter(
        measure__partnership__slug="blaby-hinckley-bosworth").select_related("measure")}
    assert bhb[("Total crime", "2015/16")] == 4746 and bhb[("Total crime", "2016/17")] == 5433
    assert bhb[("ASB reported (police data)", "2016/17")] == 1382
    assert {period for _, period in bhb} == {"2015/16", "2016/17"}
    history = Action.objects.filter(plan__year=2015, partnership__slug="huntingdonshire")
    assert set(history.values_list("plan__status", flat=True)) == {"closed"}


def test_idempotent_and_the_same_for_the_same_day(db: Any) -> None:
    def state() -> tuple[Any, ...]:
        return (sorted(Action.objects.values_list("plan__title", "reference", "rag", "due_on")),
                sorted(ActionUpdate.objects.values_list("action__reference", "period__period",
                                                        "state")),
                Meeting.objects.count(), Paper.objects.count(), ReturnDue.objects.count(),
                MeasureValue.objects.count(), GrantReturn.objects.count())

    load("2026-12-01")
    first = state()
    load("2026-12-01")
    assert state() == first


def test_a_bad_today_is_a_clear_error(db: Any) -> None:
    with pytest.raises(CommandError, match="--today must be a date written YYYY-MM-DD"):
        load("1 December")
