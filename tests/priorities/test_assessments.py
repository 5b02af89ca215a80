"""Strategic assessments, their schedule, documents and recommendations."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.models import Role
from priorities import services
from priorities.models import RecommendationStatus, StrategicAssessment
from tests.factories import PartnershipFactory, member
from tests.pdfs import blank_pdf

from .factories import AssessmentFactory, RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    partnership = PartnershipFactory.create()
    return {"p": partnership, "coordinator": member(partnership, Role.COORDINATOR),
            "viewer": member(partnership, Role.VIEWER)}


def test_schedule_lists_unpublished_by_due_date(world: dict[str, Any], client_for: Any) -> None:
    AssessmentFactory.create(partnership=world["p"], title="Later one", part="Q2",
                      due_on=datetime.date(2027, 10, 1))
    AssessmentFactory.create(partnership=world["p"], title="Sooner one", part="Q1",
                      due_on=datetime.date(2027, 7, 1))
    AssessmentFactory.create(partnership=world["p"], title="Done one", published_on=datetime.date(2026, 4, 1))
    page = client_for(world["viewer"]).get(
        reverse("priorities:assessments", args=[world["p"].slug])).content.decode()
    schedule, published = page.split("Schedule of upcoming assessments")[1].split(
        "<h2 class=\"govuk-heading-l\">Published</h2>")
    assert schedule.index("Sooner one") < schedule.index("Later one")
    assert "Done one" not in schedule and "Done one" in published


def test_accept_and_decline(world: dict[str, Any], client_for: Any) -> None:
    recommendation = RecommendationFactory.create(assessment=AssessmentFactory.create(partnership=world["p"]))
    by = world["coordinator"]
    with pytest.raises(ValidationError) as error:
        services.recommendation_decline(recommendation=recommendation, by=by, reason="  ")
    assert "reason" in error.value.message_dict
    services.recommendation_accept(recommendation=recommendation, by=by)
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.ACCEPTED
    assert recommendation.decided_by == by
    with pytest.raises(ValidationError):
        services.recommendation_accept(recommendation=recommendation, by=by)
    with pytest.raises(PermissionDenied):
        services.recommendation_decline(recommendation=recommendation, by=world["viewer"],
                                        reason="No")
    page = client_for(world["viewer"]).get(reverse(
        "priorities:recommendation", args=[world["p"].slug, recommendation.pk])).content.decode()
    assert "It has not been turned into an action yet" in page
    services.recommendation_decline(recommendation=recommendation, by=by,
                                    reason="The county leads on this")
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.DECLINED
    assert recommendation.decline_reason == "The county leads on this"


def test_decline_form_needs_a_reason(world: dict[str, Any], client_for: Any) -> None:
    recommendation = RecommendationFactory.create(assessment=AssessmentFactory.create(partnership=world["p"]))
    response = client_for(world["coordinator"]).post(reverse(
        "priorities:recommendation_decline", args=[world["p"].slug, recommendation.pk]),
        {"reason": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    recommendation.refresh_from_db()
    assert recommendation.status == RecommendationStatus.OPEN


def test_upload_and_download_document(world: dict[str, Any], client_for: Any) -> None:
    client = client_for(world["coordinator"])
    url = reverse("priorities:assessment_add", args=[world["p"].slug])
    response = client.post(url, {"title": "SA Violence", "year": "2016/17", "part": "Q4",
                                 "document": SimpleUploadedFile("sa.pdf", blank_pdf())})
    assessment = StrategicAssessment.objects.get()
    assert response.status_code == 302 and assessment.document_content_type == "application/pdf"
    download = client_for(world["viewer"]).get(
        reverse("priorities:assessment_document", args=[world["p"].slug, assessment.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    bad = client.post(url, {"title": "Bad", "year": "2016/17", "part": "Q1",
                            "document": SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")})
    assert bad.status_code == 200 and "must be a" in bad.content.decode()
    assert StrategicAssessment.objects.count() == 1


def test_demo_assessment_has_findings_and_recommendations(demo: dict[str, Any],
                                                          client_for: Any) -> None:
    assessment = StrategicAssessment.objects.get(partnership=demo["hunts"], theme="Violence")
    assert assessment.period_label == "2016/17 Q4"
    assert len(assessment.findings_list()) >= 5
    assert assessment.recommendations.count() == 8
    page = client_for(demo["users"]["board.member@huntingdonshire.example"]).get(
        reverse("priorities:assessment", args=["huntingdonshire", assessment.pk])).content.decode()
    assert "gang related violence" in page and "hate crime marker" in page
