"""Plans, priorities, aims and measures through the services and the pages."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partnership.models import Role
from partnership.periods import Period
from priorities import services
from priorities.models import CommunitySafetyPlan, MeasureValue, PlanStatus
from tests.factories import OrganisationFactory, PartnershipFactory, member

from .factories import AimFactory, MeasureFactory, PlanFactory, PriorityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    partnership = PartnershipFactory.create()
    return {"p": partnership, "coordinator": member(partnership, Role.COORDINATOR),
            "board": member(partnership, Role.BOARD_MEMBER)}


def test_refresh_then_adopt_keeps_previous_version_readable(world: dict[str, Any],
                                                            client_for: Any) -> None:
    by = world["coordinator"]
    plan = PlanFactory.create(partnership=world["p"], start_year=2014, end_year=2016)
    priority = PriorityFactory.create(plan=plan, title="Anti-social behaviour")
    AimFactory.create(priority=priority, text="Support high-risk victims")
    measure = MeasureFactory.create(partnership=world["p"], priority=priority)
    draft = services.plan_refresh(plan=plan, by=by, refreshed_on=datetime.date(2015, 7, 1),
                                  note="Year two")
    assert (draft.version, draft.status, draft.previous) == (2, PlanStatus.DRAFT, plan)
    copy = draft.priorities.get()
    assert copy.title == "Anti-social behaviour" and copy.carried_from == priority
    assert [a.text for a in copy.aims.all()] == ["Support high-risk victims"]
    with pytest.raises(ValidationError):
        services.plan_refresh(plan=plan, by=by, refreshed_on=datetime.date(2015, 8, 1), note="x")

    services.plan_adopt(plan=draft, by=by, on=datetime.date(2015, 7, 15))
    plan.refresh_from_db()
    measure.refresh_from_db()
    assert plan.status == PlanStatus.SUPERSEDED and plan.superseded_on == datetime.date(2015, 7, 15)
    assert measure.priority == copy
    with pytest.raises(ValidationError):
        services.priority_create(plan=plan, by=by, title="Late", kind="thematic")

    client = client_for(world["board"])
    old = client.get(reverse("priorities:plan_version", args=[world["p"].slug, plan.pk]))
    assert "superseded on 15 July 2015" in old.content.decode()
    assert "Support high-risk victims" in old.content.decode()
    current = client.get(reverse("priorities:plan", args=[world["p"].slug])).content.decode()
    assert "version 2" in current and "Year two" in current


def test_only_one_adopted_plan(world: dict[str, Any]) -> None:
    PlanFactory.create(partnership=world["p"])
    draft = PlanFactory.create(partnership=world["p"], draft=True, start_year=2017, end_year=2019)
    services.plan_adopt(plan=draft, by=world["coordinator"])
    assert CommunitySafetyPlan.objects.filter(partnership=world["p"], status="adopted").count() == 1


def test_board_members_cannot_write(world: dict[str, Any]) -> None:
    plan = PlanFactory.create(partnership=world["p"])
    with pytest.raises(PermissionDenied):
        services.priority_create(plan=plan, by=world["board"], title="X", kind="thematic")
    with pytest.raises(PermissionDenied):
        services.measure_create(partnership=world["p"], by=world["board"], name="X")


def test_lead_organisation_must_be_in_the_partnership(world: dict[str, Any]) -> None:
    plan = PlanFactory.create(partnership=world["p"])
    stranger = OrganisationFactory.create()
    with pytest.raises(ValidationError) as error:
        services.priority_create(plan=plan, by=world["coordinator"], title="X", kind="thematic",
                                 lead_organisation=stranger)
    assert "lead_organisation" in error.value.message_dict


def test_record_a_figure_replaces_the_period(world: dict[str, Any]) -> None:
    measure = MeasureFactory.create(partnership=world["p"])
    for figure in ("10", "12"):
        services.measure_value_record(measure=measure, by=world["coordinator"],
                                      period=Period.parse("2016/17 Q3"), value=Decimal(figure))
    stored = MeasureValue.objects.get()
    assert (stored.value, stored.period, str(stored.period_start)) == (
        Decimal("12"), "2016/17-Q3", "2016-10-01")


def test_coordinator_journey_through_forms(world: dict[str, Any], client_for: Any) -> None:
    slug = world["p"].slug
    plan = PlanFactory.create(partnership=world["p"])
    client = client_for(world["coordinator"])
    response = client.post(reverse("priorities:priority_add", args=[slug, plan.pk]),
                           {"title": "Violence", "kind": "thematic"})
    priority = plan.priorities.get()
    assert response.status_code == 302
    client.post(reverse("priorities:aim_add", args=[slug, priority.pk]), {"text": "Reduce it"})
    response = client.post(reverse("priorities:measure_add", args=[slug]),
                           {"name": "Violence with injury", "priority": priority.pk,
                            "polarity": "lower", "frequency": "annual", "target": "400",
                            "tolerance_pct": "5"})
    measure = priority.measures.get()
    for period, figure in (("2015/16", "337"), ("2016/17", "459")):
        client.post(reverse("priorities:measure_value_add", args=[slug, measure.pk]),
                    {"period": period, "value": figure})
    page = client.get(reverse("priorities:measure", args=[slug, measure.pk])).content.decode()
    assert "<svg" in page and "2016/17 459" in page  # chart description
    assert "+36.2%" in page and "Off track" in page
    plan_page = client.get(reverse("priorities:plan", args=[slug])).content.decode()
    assert "Reduce it" in plan_page and "Violence with injury" in plan_page


def test_form_errors_are_shown_not_500(world: dict[str, Any], client_for: Any) -> None:
    slug = world["p"].slug
    plan = PlanFactory.create(partnership=world["p"])
    client = client_for(world["coordinator"])
    response = client.post(reverse("priorities:priority_add", args=[slug, plan.pk]),
                           {"title": "", "kind": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_kind_1"' in page and 'id="id_kind_1"' in page  # radios: a real anchor
    measure = MeasureFactory.create(partnership=world["p"])
    response = client.post(reverse("priorities:measure_value_add", args=[slug, measure.pk]),
                           {"period": "2016/17 H1", "value": "x"})
    assert "not a half" in response.content.decode()
    response = client.post(reverse("priorities:plan_add", args=[slug]),
                           {"title": "P", "start_year": "2017/18", "end_year": "2015/16"})
    assert "must not be before" in response.content.decode()


def test_another_partnerships_objects_are_404(world: dict[str, Any], client_for: Any) -> None:
    other = PlanFactory.create()
    priority = PriorityFactory.create(plan=other)
    response = client_for(world["coordinator"]).get(
        reverse("priorities:priority", args=[world["p"].slug, priority.pk]))
    assert response.status_code == 404
