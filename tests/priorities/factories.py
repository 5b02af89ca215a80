"""Factories for priorities: plans, priorities, measures, values, assessments."""

from __future__ import annotations

from decimal import Decimal

import factory

from partnership.periods import Period
from priorities.models import (
    Aim,
    CommunitySafetyPlan,
    MeasureValue,
    PerformanceMeasure,
    PlanStatus,
    Polarity,
    Priority,
    Recommendation,
    StrategicAssessment,
)
from tests.factories import PartnershipFactory


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunitySafetyPlan

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Community Safety Plan {n}")
    start_year = 2016
    end_year = 2018
    status = PlanStatus.ADOPTED

    class Params:
        draft = factory.Trait(status=PlanStatus.DRAFT)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    plan = factory.SubFactory(PlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority {n}")


class AimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aim

    priority = factory.SubFactory(PriorityFactory)
    text = factory.Sequence(lambda n: f"Aim {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformanceMeasure

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Measure {n}")
    polarity = Polarity.LOWER_IS_BETTER

    class Params:
        higher_is_better = factory.Trait(polarity=Polarity.HIGHER_IS_BETTER)


def value(measure: PerformanceMeasure, period: str, figure: int | str,
          comparator: int | str | None = None) -> MeasureValue:
    p = Period.parse(period)
    return MeasureValue.objects.create(
        measure=measure, period=p.key, period_start=p.starts_on, value=Decimal(str(figure)),
        comparator_value=None if comparator is None else Decimal(str(comparator)))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategicAssessment

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Strategic assessment {n}")
    year = 2016


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    assessment = factory.SubFactory(AssessmentFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Recommendation {n}")
