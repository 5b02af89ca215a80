"""factory-boy factories for every app. Traits name the states tests need."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from partnership.models import (
    AgendaItem,
    Meeting,
    MeetingAction,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PccOffice,
    Role,
    User,
)

PASSWORD = "a-long-test-password-1"


class PccOfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PccOffice
        django_get_or_create = ("police_force_area",)

    police_force_area = factory.Sequence(lambda n: f"Force area {n}")
    name = factory.LazyAttribute(lambda o: f"OPCC for {o.police_force_area}")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Borough {n} Community Safety Partnership")
    slug = factory.Sequence(lambda n: f"borough-{n}")
    area = factory.Sequence(lambda n: f"Borough {n}")
    pcc_office = factory.SubFactory(PccOfficeFactory)
    police_force_area = factory.LazyAttribute(lambda o: o.pcc_office.police_force_area)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.LOCAL_AUTHORITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()  # type: ignore[attr-defined]


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    roles = factory.LazyFunction(lambda: [Role.VIEWER])

    class Params:
        coordinator = factory.Trait(roles=[Role.COORDINATOR])
        lead_officer = factory.Trait(roles=[Role.LEAD_OFFICER])
        board_member = factory.Trait(roles=[Role.BOARD_MEMBER])
        finance_officer = factory.Trait(roles=[Role.FINANCE_OFFICER])


def member(partnership: Partnership, *roles: Role, **user_fields: object) -> User:
    """A new user with these roles in the partnership."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, partnership=partnership, roles=[r.value for r in roles])
    return user  # type: ignore[return-value]


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Partnership board {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    location = "Council offices"

    class Params:
        past = factory.Trait(starts_at=factory.LazyFunction(
            lambda: timezone.now() - datetime.timedelta(days=30)))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")

    class Params:
        confidential_item = factory.Trait(confidential=True)


class MeetingActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAction

    meeting = factory.SubFactory(MeetingFactory)
    description = factory.Sequence(lambda n: f"Action {n}")
