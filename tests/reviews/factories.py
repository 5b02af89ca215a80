"""Factories for reviews (pseudonyms only)."""

from __future__ import annotations

import datetime

import factory

from reviews.models import InformationRequest, PanelMember, Review, ReviewKind
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    pseudonym = factory.Sequence(lambda n: f"Adult {n}")
    kind = ReviewKind.DHR
    died_on = datetime.date(2026, 1, 2)
    notified_on = datetime.date(2026, 1, 5)
    notifying_body = "Cambridgeshire Constabulary"


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    review = factory.SubFactory(ReviewFactory)
    user = factory.SubFactory(UserFactory)


class InformationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationRequest

    review = factory.SubFactory(ReviewFactory)
    organisation = factory.SubFactory(OrganisationFactory,
                                      partnership=factory.SelfAttribute("..review.partnership"))
    contact_name = "Safeguarding lead"
    contact_email = "safeguarding@agency.example"
    kind = "imr"
    requested_on = datetime.date(2026, 2, 1)
    due_on = datetime.date(2026, 3, 1)
