"""Every write on a review: one function per write, keyword-only, atomic, checked on the server.

Each write first finds the review again through the access layer, locked (so need to know is
checked in the service too, whatever the view did), checks the role with ``require_perm``, then
validates and saves. Every change is also written to the review's access log by the view that
called it (with the address it came from).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partnership.access import lock
from partnership.models import Membership, Organisation

from .access import access_request, access_review
from .models import (
    AccessKind,
    AccessLog,
    Decision,
    InformationRequest,
    PanelMember,
    PanelRole,
    PauseReason,
    Review,
    ReviewKind,
    ReviewPause,
    ReviewStep,
)
from .rules import require
from .stages import DHR_WORKFLOW, DhrStage

if TYPE_CHECKING:
    from partnership.models import Partnership, User


def _locked(review: Review, by: User) -> Review:
    return access_review(user=by, partnership=review.partnership, pk=review.pk, lock=True)


@transaction.atomic
def review_notify(*, partnership: Partnership, by: User, pseudonym: str, kind: str,
                  died_on: datetime.date, notified_on: datetime.date, notifying_body: str,
                  themes: Sequence[str] = ()) -> Review:
    """Record the police's written notification of a death: a new review, reference
    DHR-<year of notification>-<next number that year in this partnership>."""
    require(by, "reviews.add_review", partnership)
    if notified_on > timezone.localdate():
        raise ValidationError({"notified_on": "The date of notification cannot be in the future."})
    if died_on > notified_on:
        raise ValidationError({"died_on": "The date of death must be on or before the date of "
                                          "notification."})
    lock(partnership)  # numbers are handed out one at a time per partnership
    last = (Review.objects.filter(partnership=partnership, year=notified_on.year)
            .aggregate(last=Max("number"))["last"]) or 0
    review = Review(partnership=partnership, year=notified_on.year, number=last + 1,
                    pseudonym=pseudonym.strip(), kind=kind or ReviewKind.DHR, died_on=died_on,
                    notified_on=notified_on, notifying_body=notifying_body.strip(),
                    themes=sorted(set(themes)), created_by=by)
    review.full_clean()
    review.save()
    ReviewStep.objects.create(review=review, from_stage="", to_stage=DhrStage.NOTIFIED, by=by,
                              reason=f"Notified by {review.notifying_body}")
    return review


def _check_branch(review: Review, target: str, reason: str) -> None:
    """The moves the machine allows but the recorded decision decides between."""
    stage = review.stage
    if stage == DhrStage.DECISION and not review.decision:
        raise ValidationError("Record the decision whether to hold a review before informing "
                              "the Home Office.")
    if stage == DhrStage.HOME_OFFICE_INFORMED:
        if target == DhrStage.CHAIR_APPOINTED and review.decision != Decision.HOLD:
            raise ValidationError("A chair is appointed only when the decision is to hold a review.")
        if target == DhrStage.CLOSED and review.decision != Decision.NOT_HOLD:
            raise ValidationError("A review that is being held is closed after publication, not "
                                  "now.")
    if stage == DhrStage.CLOSED and target == DhrStage.DECISION:
        if review.decision != Decision.NOT_HOLD:
            raise ValidationError("Only a case closed without a review can be reopened.")
        if not reason:
            raise ValidationError({"reason": "Say why the case is reopened (for example, the "
                                             "Home Office directed a review)."})
    if stage == DhrStage.QA_SUBMITTED and target == DhrStage.DRAFTING and not reason:
        raise ValidationError({"reason": "Give the changes the quality assurance panel asked for."})


@transaction.atomic
def review_move(*, review: Review, by: User, to_stage: str, reason: str = "") -> Review:
    """Move a review to its next stage, keeping who, when and why; illegal moves are refused."""
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    if to_stage not in DhrStage.values:
        raise ValidationError({"to_stage": "Choose a stage."})
    reason = reason.strip()
    DHR_WORKFLOW.check(review.stage, to_stage)
    _check_branch(review, to_stage, reason)
    if review.stage == DhrStage.CLOSED and to_stage == DhrStage.DECISION:
        review.decision, review.decision_rationale, review.decided_on = "", "", None
    from_stage = review.stage
    review.stage = to_stage
    review.full_clean()
    review.save()
    ReviewStep.objects.create(review=review, from_stage=from_stage, to_stage=to_stage, by=by,
                              reason=reason)
    return review


@transaction.atomic
def review_decide(*, review: Review, by: User, decision: str, rationale: str,
                  decided_on: datetime.date) -> Review:
    """Record the CSP chair's decision whether to hold a review (recorded by the coordinator)."""
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    if review.stage != DhrStage.DECISION:
        raise ValidationError(f"The decision is recorded at the decision stage; this review is "
                              f"{DHR_WORKFLOW.label(review.stage).lower()}.")
    if decision not in Decision.values:
        raise ValidationError({"decision": "Choose whether to hold a review."})
    rationale = rationale.strip()
    if decision == Decision.NOT_HOLD and not rationale:
        raise ValidationError({"rationale": "Give the reasons for not holding a review: they are "
                                            "sent to the Home Office."})
    if decided_on < review.notified_on:
        raise ValidationError({"decided_on": "The decision cannot be before the notification."})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "The date of the decision cannot be in the future."})
    review.decision, review.decision_rationale, review.decided_on = decision, rationale, decided_on
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def review_pause(*, review: Review, by: User, reason: str, started_on: datetime.date,
                 expected_resume_on: datetime.date | None = None, note: str = "") -> ReviewPause:
    """Stop the completion clock (criminal proceedings, an inquest...)."""
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    if not DHR_WORKFLOW.is_in(review.stage, "in_progress"):
        raise ValidationError("Only a review in progress (from the chair's appointment to "
                              "quality assurance) can be paused.")
    if review.pauses.filter(ended_on__isnull=True).exists():
        raise ValidationError("This review is already paused.")
    if reason not in PauseReason.values:
        raise ValidationError({"reason": "Choose why the review is paused."})
    if review.decided_on and started_on < review.decided_on:
        raise ValidationError({"started_on": "A pause cannot start before the decision."})
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "The pause cannot start in the future."})
    if expected_resume_on is not None and expected_resume_on < started_on:
        raise ValidationError({"expected_resume_on": "The expected resume date must be on or "
                                                     "after the start of the pause."})
    pause = ReviewPause(review=review, reason=reason, note=note.strip(), started_on=started_on,
                        expected_resume_on=expected_resume_on, by=by)
    pause.full_clean()
    pause.save()
    return pause


@transaction.atomic
def review_resume(*, review: Review, by: User, ended_on: datetime.date) -> ReviewPause:
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    pause = review.pauses.select_for_update(of=("self",)).filter(ended_on__isnull=True).first()
    if pause is None:
        raise ValidationError("This review is not paused.")
    if ended_on < pause.started_on:
        raise ValidationError({"ended_on": "The review cannot resume before the pause started."})
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": "The date cannot be in the future."})
    pause.ended_on = ended_on
    pause.full_clean()
    pause.save()
    return pause


def access_log_record(*, review: Review, user: User | None, kind: AccessKind | str, what: str,
                      ip: str | None) -> AccessLog:
    """One line of the review's access log (reads too: this runs on GET by design)."""
    return AccessLog.objects.create(review=review, user=user, kind=kind, what=what[:200],
                                    ip=ip or None)


@transaction.atomic
def panel_member_add(*, review: Review, by: User, user: User, organisation: str = "",
                     role: str) -> PanelMember:
    """Put a person on the panel: it opens the review to them. Only people with an account in
    the review's partnership (they could not reach the review otherwise)."""
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    if not user.is_active or not Membership.objects.filter(
            user=user, partnership=review.partnership).exists():
        raise ValidationError({"user": "Choose a person with an account in this partnership."})
    if review.panel.filter(user=user).exists():
        raise ValidationError({"user": "This person is already on the panel."})
    if role not in PanelRole.values:
        raise ValidationError({"role": "Choose a role."})
    panel_member = PanelMember(review=review, user=user, organisation=organisation.strip(),
                               role=role, joined_on=timezone.localdate())
    panel_member.full_clean()
    panel_member.save()
    return panel_member


@transaction.atomic
def request_add(*, review: Review, by: User, organisation: Organisation, kind: str,
                contact_name: str, contact_email: str, requested_on: datetime.date,
                due_on: datetime.date) -> InformationRequest:
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    if organisation.partnership_id != review.partnership_id:
        raise ValidationError({"organisation": "Choose an agency of this partnership."})
    if requested_on > timezone.localdate():
        raise ValidationError({"requested_on": "The request date cannot be in the future."})
    if due_on < requested_on:
        raise ValidationError({"due_on": "The due date must be on or after the request date."})
    request = InformationRequest(review=review, organisation=organisation, kind=kind,
                                 contact_name=contact_name.strip(),
                                 contact_email=contact_email.strip().lower(),
                                 requested_on=requested_on, due_on=due_on)
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def request_received(*, review: Review, by: User, request_pk: int,
                     received_on: datetime.date) -> InformationRequest:
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    request = access_request(review=review, pk=request_pk, lock=True)
    if request.received_on is not None:
        raise ValidationError(f"This request was already received on {request.received_on:%-d %B %Y}.")
    if received_on < request.requested_on:
        raise ValidationError({"received_on": "It cannot be received before it was requested."})
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date cannot be in the future."})
    request.received_on = received_on
    request.full_clean()
    request.save()
    return request
