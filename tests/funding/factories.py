"""Factories for funding: awards with lines, spend, virements and returns."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from funding.models import (
    BudgetLine,
    FundingStream,
    GrantAward,
    Kind,
    ReturnDue,
    Spend,
    Virement,
    default_schedule,
)
from tests.factories import PartnershipFactory


class FundingStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingStream
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Community Safety Fund {n}")
    awarding_body = "Police and Crime Commissioner"


class GrantAwardFactory(factory.django.DjangoModelFactory):
    """A revenue-only award for 2015/16 with the default six-monthly schedule."""

    class Meta:
        model = GrantAward
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    stream = factory.SubFactory(FundingStreamFactory)
    year_start = 2015
    revenue_amount = Decimal("22990.00")
    capital_amount = Decimal("0.00")
    amount = factory.LazyAttribute(lambda o: o.revenue_amount + o.capital_amount)

    class Params:
        with_capital = factory.Trait(capital_amount=Decimal("28996.00"))

    @factory.post_generation
    def schedule(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            for part, due_on in default_schedule(obj.financial_year):  # type: ignore[attr-defined]
                ReturnDue.objects.create(award=obj, part=part, due_on=due_on)  # type: ignore[misc]


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    award = factory.SubFactory(GrantAwardFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    kind = Kind.REVENUE
    budget = Decimal("1000.00")
    order = factory.Sequence(lambda n: n)

    class Params:
        capital = factory.Trait(kind=Kind.CAPITAL)


class SpendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Spend

    line = factory.SubFactory(BudgetLineFactory)
    spent_on = datetime.date(2015, 6, 30)
    amount = Decimal("100.00")
    description = "Invoice"


class VirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Virement

    from_line = factory.SubFactory(BudgetLineFactory)
    to_line = factory.SubFactory(BudgetLineFactory, award=factory.SelfAttribute("..from_line.award"))
    amount = Decimal("100.00")
    reason = "Re-profiled"
