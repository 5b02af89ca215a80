"""Recommendations: each becomes an action (R1, R2...) of the review's action plan, linked both
ways; its progress shows on the review; the XLSX export lists them all with their status."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import Action
from partnership.models import Role
from reviews import services
from reviews.models import AccessLog
from reviews.stages import DhrStage
from tests.factories import OrganisationFactory, PartnershipFactory, member

from .factories import ReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def case() -> dict[str, Any]:
    hunts = PartnershipFactory()
    review = ReviewFactory(partnership=hunts, stage=DhrStage.DRAFTING, decision="hold",
                           decided_on=D(2026, 2, 1), year=2026, number=3)
    return {"hunts": hunts, "review": review, "dhr": member(hunts, Role.DHR_COORDINATOR),
            "police": OrganisationFactory(partnership=hunts, name="Police"),
            "health": OrganisationFactory(partnership=hunts, name="Health"),
            "housing": OrganisationFactory(partnership=hunts, name="Housing")}


def add(case: dict[str, Any], **extra: Any) -> Any:
    fields = {"text": "Train call handlers on coercive control.", "reach": "single",
              "scope": "local", "lead_agency": case["police"], "target_on": D(2026, 9, 30),
              **extra}
    return services.recommendation_add(review=case["review"], by=case["dhr"], **fields)


def test_each_recommendation_is_an_action_of_the_reviews_plan(case: dict[str, Any]) -> None:
    first = add(case)
    second = add(case, text="Share risk assessments at MARAC.", reach="multi", scope="regional",
                 lead_agency=case["health"], supporting_agencies=[case["housing"], case["police"]],
                 target_on=None)
    review = case["review"]
    review.refresh_from_db()
    plan = review.action_plan
    assert (plan.owner_kind, plan.title, plan.priority_id, plan.group_id) == (
        "review", "DHR-2026-03 action plan", None, None)
    assert plan.review == review  # both ways
    actions = list(Action.objects.filter(plan=plan).order_by("reference").values_list(
        "reference", "description", "lead_organisation__name", "due_on", "status"))
    assert actions == [
        ("R1", "Train call handlers on coercive control.", "Police", D(2026, 9, 30), "not_started"),
        ("R2", "Share risk assessments at MARAC.", "Health", None, "not_started")]
    assert first.action.dhr_recommendation == first and second.reference == "R2"
    assert sorted(second.action.supporting_organisations.values_list("name", flat=True)) == [
        "Housing", "Police"]


@pytest.mark.parametrize(("extra", "errors"), [
    ({"reach": "multi"}, {"supporting_agencies": [
        "A multi-agency recommendation names at least one other agency besides the lead."]}),
    ({"supporting_agencies": "housing"}, {"supporting_agencies": [
        "A single-agency recommendation has no other agencies: choose multi-agency, or remove "
        "them."]}),
    ({"lead_agency": None}, {"lead_agency": ["Choose the agency responsible."]}),
    ({"lead_agency": "foreign"}, {"lead_agency": ["Choose an agency of this partnership."]}),
    ({"text": "  "}, {"text": ["Enter the recommendation."]}),
    ({"target_on": D(2025, 1, 1)}, {"target_on": [
        "The target date cannot be before the notification."]}),
])
def test_bad_recommendations_are_refused_and_write_nothing(case: dict[str, Any], extra: Any,
                                                           errors: Any) -> None:
    if extra.get("supporting_agencies") == "housing":
        extra = {**extra, "supporting_agencies": [case["housing"]]}
    if extra.get("lead_agency") == "foreign":
        extra = {**extra, "lead_agency": OrganisationFactory()}
    with pytest.raises(ValidationError) as caught:
        add(case, **extra)
    assert caught.value.message_dict == errors
    assert not Action.objects.exists() and not case["review"].recommendations.exists()


def test_a_review_not_held_makes_no_recommendations(case: dict[str, Any]) -> None:
    type(case["review"]).objects.filter(pk=case["review"].pk).update(decision="not_hold")
    with pytest.raises(ValidationError) as caught:
        add(case)
    assert caught.value.messages == ["Only a review that is held makes recommendations."]


def test_progress_shows_on_the_review(case: dict[str, Any], client_for: Any) -> None:
    recommendation = add(case)
    Action.objects.filter(pk=recommendation.action_id).update(status="in_progress",
                                                               percent_complete=40)
    page = client_for(case["dhr"]).get(reverse("reviews:review", args=[
        case["hunts"].slug, case["review"].pk])).content.decode()
    assert "Train call handlers on coercive control." in page
    assert "Action R1</a>: In progress, 40%" in page


def test_the_export_lists_every_recommendation_with_its_status(case: dict[str, Any],
                                                               client_for: Any) -> None:
    add(case)
    add(case, text="Share risk assessments.", reach="multi", scope="national",
        lead_agency=case["health"], supporting_agencies=[case["housing"]], target_on=None)
    other = ReviewFactory(partnership=case["hunts"], decision="hold", year=2026, number=5)
    services.recommendation_add(review=other, by=case["dhr"], text="Audit GP records.",
                                reach="single", scope="local", lead_agency=case["health"])
    services.recommendation_outcome(review=other, by=case["dhr"],
                                    pk=other.recommendations.get().pk, outcome="Audit done.")
    Action.objects.filter(reference="R1", plan__review=case["review"]).update(
        status="complete", percent_complete=100)
    response = client_for(case["dhr"]).get(reverse("reviews:recommendations_export",
                                                   args=[case["hunts"].slug]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Review", "Recommendation", "Text", "Single or multi-agency", "Scope",
                       "Agency responsible", "Other agencies", "Target date", "Action",
                       "Action status", "Per cent complete", "RAG", "Outcome"]
    assert [row[:2] + row[3:8] + row[8:11] + row[12:] for row in rows[1:]] == [
        ["DHR-2026-03", "R1", "Single-agency", "Local", "Police", None,
         dt.datetime(2026, 9, 30), "R1", "Complete", 100, None],
        ["DHR-2026-03", "R2", "Multi-agency", "National", "Health", "Housing", None, "R2",
         "Not started", 0, None],
        ["DHR-2026-05", "R1", "Single-agency", "Local", "Health", None, None, "R1",
         "Not started", 0, "Audit done."]]
    assert sorted(AccessLog.objects.values_list("review__number", "kind", "what")) == [
        (3, "download", "Exported the recommendations"),
        (5, "download", "Exported the recommendations")]


def test_recommendations_stay_out_of_the_action_plan_pages_of_those_without_need_to_know(
        case: dict[str, Any], client_for: Any) -> None:
    """A review's recommendations are case detail until publication: the partnership's
    coordinator, the OPCC and the API never meet them on the action plan pages, the highlight
    report or the review queue; the DHR coordinator opens the review's plan."""
    from actionplans.access import access_action
    from actionplans.models import ActionPlan
    from actionplans.selectors import highlight_report
    from tests.factories import UserFactory

    recommendation = add(case, text="Secret-ish wording about the family.")
    hunts = case["hunts"]
    coordinator = member(hunts, Role.COORDINATOR)
    year = recommendation.action.plan.year
    page = client_for(coordinator).get(
        reverse("actionplans:plans", args=[hunts.slug]) + f"?year={year}")
    assert page.status_code == 200
    assert "Secret-ish wording" not in page.content.decode()
    report = highlight_report(partnership=hunts, period=None)
    assert recommendation.action not in report.red + report.amber + report.overdue + report.no_update
    for outsider in (coordinator, UserFactory(opcc_office=hunts.pcc_office)):
        assert not ActionPlan.objects.visible_to(outsider).filter(owner_kind="review").exists()
        assert not Action.objects.visible_to(outsider).filter(pk=recommendation.action_id).exists()
    assert access_action(user=case["dhr"], partnership=hunts,
                         pk=recommendation.action_id).reference == "R1"
