"""The demo reviews: seed 003's review in progress, a not-held case, a published review;
loading twice changes nothing."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from reviews.models import InformationRequest, Review, ReviewStep


def test_demo_reviews(demo: dict[str, Any]) -> None:
    hunts = demo["hunts"]
    today = timezone.localdate()
    found = {r.pseudonym: r for r in Review.objects.filter(partnership=hunts)}
    assert {name: (r.stage, r.decision) for name, r in found.items()} == {
        "Adult A": ("panel", "hold"), "Adult B": ("closed", "not_hold"),
        "Adult C": ("published", "hold")}
    adult_a = found["Adult A"]
    assert [r.is_late(today) for r in adult_a.requests.order_by("due_on")] == [True, False]
    assert list(adult_a.panel.values_list("user__email", flat=True)) == [
        "lead.officer@huntingdonshire.example"]
    counts = (Review.objects.count(), ReviewStep.objects.count(), InformationRequest.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Review.objects.count(), ReviewStep.objects.count(),
            InformationRequest.objects.count()) == counts


def test_demo_published_review_has_its_public_page_and_recommendations(demo: dict[str, Any]) -> None:
    from django.test import Client
    from django.urls import reverse

    from reviews.models import Publication, Recommendation

    adult_c = Review.objects.get(partnership=demo["hunts"], pseudonym="Adult C")
    publication = Publication.objects.get(review=adult_c)
    assert sorted(publication.documents.values_list("kind", flat=True)) == ["final", "summary"]
    assert list(Recommendation.objects.filter(review=adult_c).values_list(
        "number", "action__reference", "action__status")) == [
        (1, "R1", "in_progress"), (2, "R2", "not_started")]
    page = Client().get(reverse("reviews_public:review", args=["huntingdonshire", adult_c.year,
                                                               adult_c.number]))
    assert page.status_code == 200 and "Adult C" in page.content.decode()
    counts = (Publication.objects.count(), Recommendation.objects.count())
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert (Publication.objects.count(), Recommendation.objects.count()) == counts
