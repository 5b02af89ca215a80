"""The review services: references, moves with their branches, decision, pauses, need to know."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from partnership.models import Role
from reviews import services
from reviews.models import Review, ReviewStep
from reviews.selectors import review_clock
from reviews.stages import DhrStage as S
from tests.factories import PartnershipFactory, PccOfficeFactory, UserFactory, member

from .documents import DOCX, text_docx, text_pdf, upload
from .factories import PanelMemberFactory, ReviewFactory

pytestmark = pytest.mark.django_db
D = dt.date
JAN_31 = D(2026, 1, 31)


@pytest.fixture
def hunts() -> Any:
    return PartnershipFactory()


@pytest.fixture
def dhr(hunts: Any) -> Any:
    return member(hunts, Role.DHR_COORDINATOR)


def notify(partnership: Any, by: Any, notified_on: dt.date = JAN_31, **extra: Any) -> Review:
    fields = {"pseudonym": "Adult A", "kind": "dhr", "died_on": D(2026, 1, 20),
              "notified_on": notified_on, "notifying_body": "Cambridgeshire Constabulary", **extra}
    return services.review_notify(partnership=partnership, by=by, **fields)


def walk(review: Review, by: Any, *stages: str, reason: str = "") -> Review:
    for stage in stages:
        review = services.review_move(review=review, by=by, to_stage=stage, reason=reason)
    return review


def test_references_count_per_partnership_and_year(hunts: Any, dhr: Any) -> None:
    other = PartnershipFactory()
    assert notify(hunts, dhr).reference == "DHR-2026-01"
    assert notify(hunts, dhr).reference == "DHR-2026-02"
    assert notify(hunts, dhr, notified_on=D(2025, 12, 31), died_on=D(2025, 12, 1)).reference \
        == "DHR-2025-01"
    assert notify(other, member(other, Role.DHR_COORDINATOR)).reference == "DHR-2026-01"


def test_notification_records_the_first_step_and_the_decision_deadline(hunts: Any, dhr: Any) -> None:
    review = notify(hunts, dhr, themes=["stalking", "physical", "stalking"])
    assert review.stage == S.NOTIFIED
    assert review.themes == ["physical", "stalking"]
    assert review.decision_due == D(2026, 2, 28)  # 31 January + one month
    step = review.steps.get()
    assert (step.from_stage, step.to_stage, step.by, step.reason) == (
        "", S.NOTIFIED, dhr, "Notified by Cambridgeshire Constabulary")


def test_bad_notification_dates_are_refused_and_nothing_saved(hunts: Any, dhr: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        notify(hunts, dhr, died_on=D(2026, 2, 1))
    assert caught.value.message_dict == {
        "died_on": ["The date of death must be on or before the date of notification."]}
    with pytest.raises(ValidationError) as caught:
        notify(hunts, dhr, notified_on=D(2099, 1, 1))
    assert caught.value.message_dict == {
        "notified_on": ["The date of notification cannot be in the future."]}
    assert not Review.objects.exists() and not ReviewStep.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.BOARD_MEMBER, Role.VIEWER])
def test_only_a_dhr_coordinator_records_a_notification(hunts: Any, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        notify(hunts, member(hunts, role))


def test_a_system_admin_is_not_waved_through(hunts: Any, dhr: Any) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(PermissionDenied):
        notify(hunts, admin)
    review = notify(hunts, dhr)
    with pytest.raises(Http404):
        services.review_move(review=review, by=admin, to_stage=S.SCOPING)


def test_the_held_path_to_closed_keeps_every_step(hunts: Any, dhr: Any) -> None:
    review = walk(notify(hunts, dhr), dhr, S.SCOPING, S.DECISION)
    services.review_decide(review=review, by=dhr, decision="hold", rationale="",
                           decided_on=D(2026, 2, 20))
    review = walk(review, dhr, S.HOME_OFFICE_INFORMED, S.CHAIR_APPOINTED, S.PANEL, S.INFORMATION,
                  S.DRAFTING, S.QA_SUBMITTED)
    review = walk(review, dhr, S.DRAFTING, reason="Letter: strengthen the family's voice")
    review = walk(review, dhr, S.QA_SUBMITTED, S.QA_APPROVED)
    # Publication is never a plain move: the never-publish name check runs on its own page.
    with pytest.raises(ValidationError) as caught:
        walk(review, dhr, S.PUBLISHED)
    assert caught.value.messages == ["A review is published from its publication page, where "
                                     "the never-publish name check runs first."]
    services.never_publish_add(review=review, by=dhr, name="Jane Smith", category="victim")
    upload(review, "final", text_pdf(["Adult A's story."]))
    upload(review, "summary", text_docx(["Adult A."]), content_type=DOCX)
    services.review_publish(review=review, by=dhr, summary="Adult A's review.",
                            published_on=D(2026, 3, 1))
    review = walk(Review.objects.get(pk=review.pk), dhr, S.CLOSED)
    assert review.stage == S.CLOSED
    moves = list(review.steps.values_list("from_stage", "to_stage"))
    assert moves == [
        ("", "notified"), ("notified", "scoping"), ("scoping", "decision"),
        ("decision", "home_office_informed"), ("home_office_informed", "chair_appointed"),
        ("chair_appointed", "panel"), ("panel", "information"), ("information", "drafting"),
        ("drafting", "qa_submitted"), ("qa_submitted", "drafting"), ("drafting", "qa_submitted"),
        ("qa_submitted", "qa_approved"), ("qa_approved", "published"), ("published", "closed")]
    assert review.steps.get(to_stage="published").reason == \
        "Published after a passing never-publish name check"
    assert review.steps.get(from_stage="qa_submitted", to_stage="drafting").reason == \
        "Letter: strengthen the family's voice"


def test_illegal_moves_are_refused_and_write_nothing(hunts: Any, dhr: Any) -> None:
    review = notify(hunts, dhr)
    with pytest.raises(ValidationError) as caught:
        services.review_move(review=review, by=dhr, to_stage=S.PUBLISHED)
    assert caught.value.messages == ["A review that is notified cannot be published."]
    review.refresh_from_db()
    assert review.stage == S.NOTIFIED and review.steps.count() == 1


def test_the_decision_decides_the_branch(hunts: Any, dhr: Any) -> None:
    review = walk(notify(hunts, dhr), dhr, S.SCOPING, S.DECISION)
    with pytest.raises(ValidationError) as caught:
        walk(review, dhr, S.HOME_OFFICE_INFORMED)
    assert caught.value.messages == ["Record the decision whether to hold a review before "
                                     "informing the Home Office."]
    with pytest.raises(ValidationError) as caught:
        services.review_decide(review=review, by=dhr, decision="not_hold", rationale=" ",
                               decided_on=D(2026, 2, 20))
    assert caught.value.message_dict == {"rationale": [
        "Give the reasons for not holding a review: they are sent to the Home Office."]}
    services.review_decide(review=review, by=dhr, decision="not_hold",
                           rationale="No agency contact", decided_on=D(2026, 2, 20))
    review = walk(review, dhr, S.HOME_OFFICE_INFORMED)
    with pytest.raises(ValidationError) as caught:
        walk(review, dhr, S.CHAIR_APPOINTED)
    assert caught.value.messages == ["A chair is appointed only when the decision is to hold a "
                                     "review."]
    review = walk(review, dhr, S.CLOSED)
    # The Home Office directs a review: the case reopens, with a reason, and a new decision.
    with pytest.raises(ValidationError) as caught:
        walk(review, dhr, S.DECISION)
    assert caught.value.message_dict == {"reason": [
        "Say why the case is reopened (for example, the Home Office directed a review)."]}
    review = walk(review, dhr, S.DECISION, reason="Home Office letter of 3 March")
    assert (review.stage, review.decision, review.decided_on) == (S.DECISION, "", None)


def test_a_held_review_is_not_closed_before_publication(hunts: Any, dhr: Any) -> None:
    review = walk(notify(hunts, dhr), dhr, S.SCOPING, S.DECISION)
    services.review_decide(review=review, by=dhr, decision="hold", rationale="",
                           decided_on=D(2026, 2, 20))
    review = walk(review, dhr, S.HOME_OFFICE_INFORMED)
    with pytest.raises(ValidationError) as caught:
        walk(review, dhr, S.CLOSED)
    assert caught.value.messages == ["A review that is being held is closed after publication, "
                                     "not now."]


def test_the_decision_only_at_the_decision_stage_and_not_before_notification(hunts: Any,
                                                                             dhr: Any) -> None:
    review = notify(hunts, dhr)
    with pytest.raises(ValidationError) as caught:
        services.review_decide(review=review, by=dhr, decision="hold", rationale="",
                               decided_on=D(2026, 2, 20))
    assert caught.value.messages == ["The decision is recorded at the decision stage; this review "
                                     "is notified."]
    review = walk(review, dhr, S.SCOPING, S.DECISION)
    with pytest.raises(ValidationError) as caught:
        services.review_decide(review=review, by=dhr, decision="hold", rationale="",
                               decided_on=D(2026, 1, 30))
    assert caught.value.message_dict == {"decided_on": [
        "The decision cannot be before the notification."]}


def test_pauses_stop_the_completion_clock(hunts: Any, dhr: Any) -> None:
    review = walk(notify(hunts, dhr), dhr, S.SCOPING, S.DECISION)
    with pytest.raises(ValidationError):
        services.review_pause(review=review, by=dhr, reason="inquest", started_on=D(2026, 2, 1))
    services.review_decide(review=review, by=dhr, decision="hold", rationale="",
                           decided_on=D(2026, 2, 28))
    review = walk(review, dhr, S.HOME_OFFICE_INFORMED, S.CHAIR_APPOINTED)
    services.review_pause(review=review, by=dhr, reason="criminal", started_on=D(2026, 3, 10),
                          expected_resume_on=D(2026, 6, 1))
    with pytest.raises(ValidationError) as caught:
        services.review_pause(review=review, by=dhr, reason="inquest", started_on=D(2026, 3, 12))
    assert caught.value.messages == ["This review is already paused."]
    clock = review_clock(review, D(2026, 3, 20))
    assert (clock.paused_days, clock.paused_since, clock.current) == (10, D(2026, 3, 10), None)
    assert clock.completion_target == D(2026, 9, 7)  # 28 August + 10 days
    with pytest.raises(ValidationError) as caught:
        services.review_resume(review=review, by=dhr, ended_on=D(2026, 3, 9))
    assert caught.value.message_dict == {"ended_on": [
        "The review cannot resume before the pause started."]}
    services.review_resume(review=review, by=dhr, ended_on=D(2026, 4, 9))  # 30 days
    clock = review_clock(review, D(2026, 8, 28))
    assert (clock.paused_days, clock.completion_target) == (30, D(2026, 9, 27))
    assert (clock.current.label, clock.current.days_left) == ("Completion target", 30)  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as caught:
        services.review_resume(review=review, by=dhr, ended_on=D(2026, 4, 10))
    assert caught.value.messages == ["This review is not paused."]


def test_need_to_know(hunts: Any, dhr: Any) -> None:
    office = PccOfficeFactory()
    hunts.pcc_office = office
    hunts.save()
    review_a, review_b = ReviewFactory(partnership=hunts), ReviewFactory(partnership=hunts)
    on_panel = member(hunts, Role.VIEWER)
    PanelMemberFactory(review=review_a, user=on_panel)
    coordinator = member(hunts, Role.COORDINATOR)
    other = PartnershipFactory()
    elsewhere = member(other, Role.DHR_COORDINATOR)
    admin = UserFactory(is_superuser=True, is_staff=True)
    opcc = UserFactory(opcc_office=office)
    ReviewFactory(partnership=other)

    def openable(user: Any) -> set[Any]:
        return set(Review.objects.openable_by(user).filter(partnership=hunts))

    def listable(user: Any) -> set[Any]:
        return set(Review.objects.listable_by(user).filter(partnership=hunts))

    assert openable(dhr) == {review_a, review_b}
    assert openable(on_panel) == {review_a}
    for outsider in (coordinator, elsewhere, admin, opcc):
        assert openable(outsider) == set()
    for reader in (dhr, on_panel, coordinator, admin):
        assert listable(reader) == {review_a, review_b}
    for outsider in (elsewhere, opcc):
        assert listable(outsider) == set()
    # A panel member reads the review but does not run it.
    with pytest.raises(PermissionDenied):
        services.review_move(review=review_a, by=on_panel, to_stage=S.SCOPING)
    with pytest.raises(Http404):
        services.review_move(review=review_b, by=on_panel, to_stage=S.SCOPING)
