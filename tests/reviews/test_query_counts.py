"""The review list and a review page run the same number of queries at 10 and 500 reviews
(the second factor adds one: django-otp finds the session's device); the review page reads
its recommendations (with their actions), their other agencies and its publication."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from partnership.models import Role
from reviews.models import (
    InformationRequest,
    PanelMember,
    Recommendation,
    Review,
    ReviewPause,
    ReviewStep,
)
from tests.conftest import count_queries, steady_queries
from tests.factories import OrganisationFactory, PartnershipFactory, member

pytestmark = pytest.mark.django_db


def build(size: int) -> tuple[Any, Any, Review]:
    partnership: Any = PartnershipFactory()
    dhr = member(partnership, Role.DHR_COORDINATOR)
    agency = OrganisationFactory(partnership=partnership)
    reviews = Review.objects.bulk_create(
        Review(partnership=partnership, year=2026, number=n + 1, pseudonym=f"Adult {n}",
               died_on=dt.date(2026, 1, 1), notified_on=dt.date(2026, 1, 2), notifying_body="Police",
               stage="information", decision="hold", decided_on=dt.date(2026, 1, 20))
        for n in range(size))
    ReviewPause.objects.bulk_create(ReviewPause(review=r, reason="inquest",
                                                started_on=dt.date(2026, 2, 1),
                                                ended_on=dt.date(2026, 2, 10)) for r in reviews)
    first = reviews[0]
    ReviewStep.objects.bulk_create(ReviewStep(review=first, from_stage="panel",
                                              to_stage="information", by=dhr) for _ in range(size))
    PanelMember.objects.bulk_create(PanelMember(review=first, user=member(partnership, Role.VIEWER))
                                    for _ in range(min(size, 20)))
    InformationRequest.objects.bulk_create(
        InformationRequest(review=first, organisation=agency, contact_name="Lead",
                           contact_email="lead@agency.example", kind="imr",
                           requested_on=dt.date(2026, 2, 1), due_on=dt.date(2026, 3, 1))
        for _ in range(size))
    plan = ActionPlan.objects.create(partnership=partnership, year=2026, title="Plan",
                                     owner_kind="review")
    Review.objects.filter(pk=first.pk).update(action_plan=plan)
    actions = Action.objects.bulk_create(
        Action(plan=plan, partnership=partnership, reference=f"R{n + 1}", description="Do it")
        for n in range(size))
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(review=first, number=n + 1, text="Do it", reach="multi", scope="local",
                       lead_agency=agency, action=action) for n, action in enumerate(actions))
    helper = OrganisationFactory(partnership=partnership)
    Recommendation.supporting_agencies.through.objects.bulk_create(
        Recommendation.supporting_agencies.through(recommendation=r, organisation=helper)
        for r in recommendations)
    return partnership, dhr, first


def queries(size: int, client_for: Any, name: str) -> int:
    partnership, dhr, first = build(size)
    client = client_for(dhr)
    args = [partnership.slug] if name == "list" else [partnership.slug, first.pk]
    path = reverse(f"reviews:{name}", args=args)
    client.get(path)  # warm the session
    response: Any = None

    def fetch() -> None:
        nonlocal response
        response = client.get(path)

    count = steady_queries(fetch)
    assert response.status_code == 200
    return count


@pytest.mark.parametrize("size", [10, 500])
def test_review_list_queries(size: int, client_for: Any) -> None:
    assert queries(size, client_for, "list") == 8


@pytest.mark.parametrize("size", [10, 500])
def test_review_page_queries(size: int, client_for: Any) -> None:
    assert queries(size, client_for, "review") == 14


def build_case_file(size: int) -> tuple[Any, Any, Review]:
    """One review with ``size`` chronology entries (three agencies, some from a return), family
    contacts and documents of two versions each."""
    from reviews.models import ChronologyEntry, DocumentVersion, FamilyContact, ReviewDocument

    partnership: Any = PartnershipFactory()
    dhr = member(partnership, Role.DHR_COORDINATOR)
    agencies = [OrganisationFactory(partnership=partnership) for _ in range(3)]
    review = Review.objects.create(partnership=partnership, year=2026, number=1,
                                   pseudonym="Adult Z", died_on=dt.date(2025, 1, 1),
                                   notified_on=dt.date(2025, 1, 2), notifying_body="Police",
                                   stage="information", decision="hold",
                                   decided_on=dt.date(2025, 1, 20))
    request = InformationRequest.objects.create(
        review=review, organisation=agencies[0], contact_name="Lead",
        contact_email="lead@agency.example", kind="chronology", requested_on=dt.date(2025, 2, 1),
        due_on=dt.date(2025, 3, 1))
    ChronologyEntry.objects.bulk_create(
        ChronologyEntry(review=review, happened_on=dt.date(2024, 1, 1) + dt.timedelta(days=n),
                        organisation=agencies[n % 3], event=f"Event {n}",
                        source=request if n % 3 == 0 else None) for n in range(size))
    FamilyContact.objects.bulk_create(
        FamilyContact(review=review, contacted_on=dt.date(2025, 2, 1), who="Sister",
                      method="letter", summary=f"Letter {n}", recorded_by=dhr)
        for n in range(size))
    documents = ReviewDocument.objects.bulk_create(
        ReviewDocument(review=review, kind="imr", title=f"IMR {n}",
                       request=request if n % 2 else None) for n in range(size))
    DocumentVersion.objects.bulk_create(
        DocumentVersion(document=document, number=number, file=f"reviews/{review.pk}/x{number}",
                        content_type="application/pdf", size=1000, uploaded_by=dhr)
        for document in documents for number in (1, 2))
    return partnership, dhr, review


def case_file_queries(size: int, client_for: Any, name: str) -> int:
    partnership, dhr, review = build_case_file(size)
    client = client_for(dhr)
    path = reverse(f"reviews:{name}", args=[partnership.slug, review.pk])
    client.get(path)  # warm the session
    response: Any = None

    def fetch() -> None:
        nonlocal response
        response = client.get(path)

    count = count_queries(fetch)
    assert response.status_code == 200
    return count


# The review's page costs (session, user, device, partnership, membership rules, need to know)
# plus the access-log line; then each page's own reads: the chronology its count, rows and
# agencies (10); the family log its count and rows (9); the documents and all versions (9).
# (Since issue 15 a review page notes the visit in the session at most once a minute, and the
# partnership switcher is read with the roles: four queries fewer than before.)
@pytest.mark.parametrize("size", [10, 500])
def test_chronology_queries(size: int, client_for: Any) -> None:
    assert case_file_queries(size, client_for, "chronology") == 10


@pytest.mark.parametrize("size", [10, 500])
def test_family_contact_queries(size: int, client_for: Any) -> None:
    assert case_file_queries(size, client_for, "family") == 9


@pytest.mark.parametrize("size", [10, 500])
def test_documents_queries(size: int, client_for: Any) -> None:
    assert case_file_queries(size, client_for, "documents") == 9


@pytest.mark.parametrize("size", [10, 500])
def test_public_list_queries(size: int, client: Any) -> None:
    """The public page of published reviews (no sign-in), with ``size`` of them."""
    from reviews.models import (
        DocumentKind,
        DocumentVersion,
        Publication,
        PublishedDocument,
        ReviewDocument,
    )

    partnership, _, first = build(size)
    reviews = list(Review.objects.filter(partnership=partnership))
    Review.objects.filter(partnership=partnership).update(stage="published")
    publications = Publication.objects.bulk_create(
        Publication(review=r, summary="Learning", published_on=dt.date(2026, 6, 1),
                    remove_on=dt.date(2099, 6, 1)) for r in reviews)
    document = ReviewDocument.objects.create(review=first, kind=DocumentKind.FINAL, title="Final")
    version = DocumentVersion.objects.create(document=document, number=1, file="x",
                                             content_type="application/pdf", size=1)
    PublishedDocument.objects.bulk_create(
        PublishedDocument(publication=p, version=version, kind="final", title="Final")
        for p in publications)
    path = reverse("reviews_public:list", args=[partnership.slug])
    response: Any = None

    def fetch() -> None:
        nonlocal response
        response = client.get(path)

    assert count_queries(fetch) == 3
    assert response.status_code == 200
    assert response.content.decode().count("published 1 June 2026") == size


@pytest.mark.parametrize("size", [10, 500])
def test_public_review_page_queries(size: int, client: Any) -> None:
    """A published review's public page, with ``size`` recommendations (each with its action,
    lead agency and a supporting agency): the same queries whatever their number."""
    from reviews.models import Publication

    partnership, _, first = build(size)
    Review.objects.filter(pk=first.pk).update(stage="published")
    Publication.objects.create(review=first, summary="Learning", published_on=dt.date(2026, 6, 1),
                               remove_on=dt.date(2099, 6, 1))
    path = reverse("reviews_public:review", args=[partnership.slug, first.year, first.number])
    response: Any = None

    def fetch() -> None:
        nonlocal response
        response = client.get(path)

    assert count_queries(fetch) == 5
    assert response.status_code == 200
    assert response.content.decode().count("Do it") == size
