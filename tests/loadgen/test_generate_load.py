"""`manage.py generate_load`: what it makes at a tiny size, the same data for the same
arguments, and where it refuses to run."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

pytestmark = pytest.mark.django_db

TINY = ["--partnerships", "2", "--years", "1", "--today", "2026-12-02"]


def _run(*extra: str) -> str:
    out = io.StringIO()
    call_command("generate_load", *TINY, *extra, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, list[Any]]:
    """The generated rows by natural keys (primary keys differ between runs)."""
    from actionplans.models import Action, ActionUpdate
    from funding.models import BudgetLine, Spend
    from partnership.models import Meeting, Membership
    from priorities.models import MeasureValue, PerformanceMeasure
    from reviews.models import Review

    return {
        "members": list(Membership.objects.order_by("user__email").values_list(
            "user__email", "partnership__slug", "organisation__name", "roles")),
        "measures": list(PerformanceMeasure.objects.order_by("partnership__slug", "name")
                         .values_list("partnership__slug", "name", "priority__title",
                                      "frequency", "polarity", "target")),
        "values": list(MeasureValue.objects.order_by("measure__partnership__slug",
                                                     "measure__name", "period")
                       .values_list("measure__partnership__slug", "measure__name", "period",
                                    "value", "comparator_value")),
        "actions": list(Action.objects.order_by("partnership__slug", "plan__title", "reference")
                        .values_list("partnership__slug", "plan__title", "reference",
                                     "description", "lead_officer__email", "due_on", "status",
                                     "rag", "percent_complete")),
        "updates": list(ActionUpdate.objects.order_by("action__partnership__slug",
                                                      "action__plan__title",
                                                      "action__reference", "period__period")
                        .values_list("action__reference", "period__period", "state",
                                     "percent_complete", "proposed_rag", "submitted_at")),
        "lines": list(BudgetLine.objects.order_by("award__partnership__slug",
                                                  "award__stream__name", "order")
                      .values_list("award__partnership__slug", "award__stream__name",
                                   "title", "kind", "budget")),
        "spend": list(Spend.objects.order_by("line__award__partnership__slug",
                                             "line__award__stream__name", "line__order",
                                             "spent_on")
                      .values_list("line__title", "spent_on", "amount", "reference")),
        "meetings": list(Meeting.objects.order_by("partnership__slug", "starts_at")
                         .values_list("partnership__slug", "title", "starts_at")),
        "reviews": list(Review.objects.order_by("partnership__slug", "year", "number")
                        .values_list("partnership__slug", "year", "number", "pseudonym",
                                     "died_on", "notified_on", "themes")),
    }


class _Undo(Exception):
    pass


def _generated(*extra: str) -> dict[str, list[Any]]:
    """Generate, snapshot, and roll the whole run back."""
    snapshot: dict[str, list[Any]] = {}
    with pytest.raises(_Undo), transaction.atomic():
        _run(*extra)
        snapshot.update(_snapshot())
        raise _Undo
    return snapshot


def test_counts_at_a_tiny_size() -> None:
    from actionplans.models import Action, ActionPlan, ActionUpdate, ReportingPeriod
    from funding.models import BudgetLine, GrantAward, GrantReturn, GrantReturnLine, Spend
    from partnership.models import AgendaItem, Meeting, Paper, Partnership, PccOffice, User
    from priorities.models import MeasureValue, PerformanceMeasure
    from reviews.models import Review

    output = _run("--seed", "3")
    counts = {
        "opcc offices": PccOffice.objects.count(),
        "partnerships": Partnership.objects.count(),
        "users": User.objects.count(),
        "opcc officers": User.objects.filter(opcc_office__isnull=False).count(),
        "measures": PerformanceMeasure.objects.count(),
        "values": MeasureValue.objects.count(),
        "quarterly values": MeasureValue.objects.filter(period__contains="Q").count(),
        "action plans": ActionPlan.objects.count(),
        "actions": Action.objects.count(),
        "updates": ActionUpdate.objects.count(),
        "periods": ReportingPeriod.objects.count(),
        "awards": GrantAward.objects.count(),
        "lines": BudgetLine.objects.count(),
        "spend": Spend.objects.count(),
        "returns": GrantReturn.objects.count(),
        "return lines": GrantReturnLine.objects.count(),
        "reviews": Review.objects.count(),
        "meetings": Meeting.objects.count(),
        "agenda items": AgendaItem.objects.count(),
        "papers": Paper.objects.count(),
    }
    assert counts == {
        "opcc offices": 1, "partnerships": 2, "users": 57, "opcc officers": 1,
        "measures": 400, "values": 1200, "quarterly values": 800,
        "action plans": 10, "actions": 600, "updates": 2400, "periods": 8,
        "awards": 4, "lines": 80, "spend": 480, "returns": 8, "return lines": 160,
        "reviews": 20, "meetings": 8, "agenda items": 40, "papers": 16,
    }
    assert "Generated 2 partnerships × 1 years" in output
    # Every award's lines add up to the award, to the penny.
    for award in GrantAward.objects.all():
        assert sum(line.budget for line in award.lines.all()) == award.amount
    # The OPCC office covers both partnerships.
    office = PccOffice.objects.get()
    assert set(office.partnerships.values_list("slug", flat=True)) == {"load-001", "load-002"}


def test_the_same_arguments_give_the_same_data() -> None:
    first = _generated("--seed", "7")
    second = _generated("--seed", "7")
    other = _generated("--seed", "8")
    assert len(first["actions"]) == 600
    assert first == second
    assert first["actions"] != other["actions"]
    assert first["values"] != other["values"]


def test_refuses_a_second_dataset() -> None:
    _run()
    with pytest.raises(CommandError, match="already holds a generated dataset"):
        _run()


@override_settings(ALLOW_DEMO_DATA=False)
def test_refuses_production_settings() -> None:
    from partnership.models import Partnership

    with pytest.raises(CommandError, match="refuses to run with production settings"):
        _run()
    assert not Partnership.objects.exists()
