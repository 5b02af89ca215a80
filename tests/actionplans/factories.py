"""Factories for action plans. ``plan_world()`` builds a small partnership ready to use."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import factory

from actionplans.models import Action, ActionPlan, OwnerKind, ReportingPeriod
from actionplans.rag import Rag
from partnership.models import Organisation, Partnership, Role, User
from priorities.models import CommunitySafetyPlan, Priority
from tests import factories as core

PartnershipFactory: Any = core.PartnershipFactory


class _CspPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunitySafetyPlan

    partnership = factory.SubFactory(core.PartnershipFactory)
    title = factory.Sequence(lambda n: f"Community Safety Plan {n}")
    start_year = 2014
    end_year = 2016


class _PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(_CspPlanFactory)
    title = factory.Sequence(lambda n: f"Priority {n}")
    order = factory.Sequence(lambda n: n + 1)


class _ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    priority = factory.SubFactory(_PriorityFactory)
    partnership = factory.LazyAttribute(lambda o: o.priority.plan.partnership)
    owner_kind = OwnerKind.PRIORITY
    year = 2015
    title = factory.Sequence(lambda n: f"Action plan {n}")
    reference_prefix = factory.Sequence(lambda n: f"P{n}")


class _ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(_ActionPlanFactory)
    partnership = factory.LazyAttribute(lambda o: o.plan.partnership)
    reference = factory.Sequence(lambda n: f"A{n}")
    description = factory.Sequence(lambda n: f"Deliver thing number {n}")
    start_on = datetime.date(2015, 4, 1)
    due_on = datetime.date(2030, 3, 31)
    derived_rag = Rag.GREEN
    rag = Rag.GREEN


class _ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    partnership = factory.SubFactory(core.PartnershipFactory)
    period = "2015/16-Q3"
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=10))


# factory-boy's classes type as themselves when called: Any keeps mypy quiet in tests.
CspPlanFactory: Any = _CspPlanFactory
PriorityFactory: Any = _PriorityFactory
ActionPlanFactory: Any = _ActionPlanFactory
ActionFactory: Any = _ActionFactory
ReportingPeriodFactory: Any = _ReportingPeriodFactory


@dataclass
class World:
    partnership: Partnership
    coordinator: User
    lead: User
    other_lead: User
    viewer: User
    plan: ActionPlan
    period: ReportingPeriod
    organisation: Organisation


def plan_world(deadline: datetime.date | None = None) -> World:
    partnership: Any = core.PartnershipFactory()
    organisation: Any = core.OrganisationFactory(partnership=partnership, name="District Council")
    plan: Any = ActionPlanFactory(priority=PriorityFactory(plan=CspPlanFactory(partnership=partnership)),
                                  reference_prefix="P1", title="ASB action plan")
    period: Any = ReportingPeriodFactory(
        partnership=partnership,
        deadline=deadline or datetime.date.today() + datetime.timedelta(days=10))
    return World(
        partnership=partnership,
        coordinator=core.member(partnership, Role.COORDINATOR, full_name="Claire Coordinator"),
        lead=core.member(partnership, Role.LEAD_OFFICER, full_name="Liam Lead"),
        other_lead=core.member(partnership, Role.LEAD_OFFICER, full_name="Olive Other"),
        viewer=core.member(partnership, Role.VIEWER),
        plan=plan, period=period, organisation=organisation)


def make_actions(world: World, count: int, lead: User | None = None, **fields: Any) -> list[Action]:
    """``count`` actions in one INSERT (for the query-count tests)."""
    start = Action.objects.filter(plan=world.plan).count()
    rows = [Action(plan=world.plan, partnership=world.partnership, reference=f"P1.{start + i + 1}",
                   description=f"Action {start + i + 1}", lead_officer=lead or world.lead,
                   lead_organisation=world.organisation, start_on=datetime.date(2015, 4, 1),
                   due_on=datetime.date(2030, 3, 31), derived_rag=Rag.GREEN, rag=Rag.GREEN,
                   **fields)
            for i in range(count)]
    return Action.objects.bulk_create(rows)
