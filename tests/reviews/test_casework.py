"""The panel (which opens the review to a person) and the information requests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.models import Role
from reviews import services
from reviews.models import AccessLog, Review
from tests.factories import OrganisationFactory, PartnershipFactory, member

from .factories import InformationRequestFactory, ReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case() -> dict[str, Any]:
    hunts = PartnershipFactory()
    return {"hunts": hunts, "review": ReviewFactory(partnership=hunts, stage="panel"),
            "dhr": member(hunts, Role.DHR_COORDINATOR)}


def test_joining_the_panel_opens_the_review(case: dict[str, Any], client_for: Any) -> None:
    review, dhr = case["review"], case["dhr"]
    officer = member(case["hunts"], Role.LEAD_OFFICER)
    page = reverse("reviews:review", args=[case["hunts"].slug, review.pk])
    assert client_for(officer).get(page).status_code == 404
    response = client_for(dhr).post(reverse("reviews:panel_add", args=[case["hunts"].slug, review.pk]),
                                    {"user": officer.pk, "organisation": "Police", "role": "chair"})
    assert response.status_code == 302
    assert client_for(officer).get(page).status_code == 200
    assert set(Review.objects.openable_by(officer)) == {review}
    assert AccessLog.objects.filter(kind="change", what=f"Added {officer.full_name} to the panel").exists()
    with pytest.raises(ValidationError) as caught:
        services.panel_member_add(review=review, by=dhr, user=officer, role="member")
    assert caught.value.message_dict == {"user": ["This person is already on the panel."]}


def test_only_people_of_the_partnership_join_the_panel(case: dict[str, Any]) -> None:
    stranger = member(PartnershipFactory(), Role.COORDINATOR)
    with pytest.raises(ValidationError) as caught:
        services.panel_member_add(review=case["review"], by=case["dhr"], user=stranger, role="member")
    assert caught.value.message_dict == {"user": ["Choose a person with an account in this "
                                                  "partnership."]}
    assert not case["review"].panel.exists()


def test_information_requests(case: dict[str, Any]) -> None:
    review, dhr = case["review"], case["dhr"]
    agency = OrganisationFactory(partnership=case["hunts"])
    with pytest.raises(ValidationError) as caught:
        services.request_add(review=review, by=dhr, organisation=agency, kind="imr",
                             contact_name="Lead", contact_email="lead@agency.example",
                             requested_on=D(2026, 3, 1), due_on=D(2026, 2, 28))
    assert caught.value.message_dict == {"due_on": ["The due date must be on or after the "
                                                    "request date."]}
    with pytest.raises(ValidationError) as caught:
        services.request_add(review=review, by=dhr, organisation=OrganisationFactory(),
                             kind="imr", contact_name="Lead", contact_email="lead@agency.example",
                             requested_on=D(2026, 3, 1), due_on=D(2026, 3, 28))
    assert caught.value.message_dict == {"organisation": ["Choose an agency of this partnership."]}
    request = services.request_add(review=review, by=dhr, organisation=agency, kind="imr",
                                   contact_name="Lead", contact_email="Lead@Agency.example ",
                                   requested_on=D(2026, 3, 1), due_on=D(2026, 3, 29))
    assert (request.contact_email, request.is_late(D(2026, 3, 29)), request.is_late(D(2026, 3, 30))) \
        == ("lead@agency.example", False, True)
    services.request_received(review=review, by=dhr, request_pk=request.pk,
                              received_on=D(2026, 4, 2))
    request.refresh_from_db()
    assert request.received_on == D(2026, 4, 2) and not request.is_late(D(2026, 5, 1))
    with pytest.raises(ValidationError) as caught:
        services.request_received(review=review, by=dhr, request_pk=request.pk,
                                  received_on=D(2026, 4, 3))
    assert caught.value.messages == ["This request was already received on 2 April 2026."]


def test_another_reviews_request_is_404(case: dict[str, Any], client_for: Any) -> None:
    other_request = InformationRequestFactory(review=ReviewFactory(partnership=case["hunts"]))
    url = reverse("reviews:request_received",
                  args=[case["hunts"].slug, case["review"].pk, other_request.pk])
    assert client_for(case["dhr"]).get(url).status_code == 404
