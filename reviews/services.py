"""Every write on a review: one function per write, keyword-only, atomic, checked on the server.

Each write first finds the review again through the access layer, locked (so need to know is
checked in the service too, whatever the view did), checks the role with ``require_perm``, then
validates and saves. Every change is also written to the review's access log by the view that
called it (with the address it came from).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from partnership import staging
from partnership.access import access_object, lock
from partnership.models import Membership, Organisation, User

from . import chronology
from .access import access_own_request, access_request, access_review
from .emails import send_contributor_invitation
from .models import (
    AccessKind,
    AccessLog,
    ChronologyEntry,
    ContactMethod,
    Decision,
    DocumentKind,
    DocumentVersion,
    FamilyContact,
    InformationRequest,
    Involvement,
    PanelMember,
    PanelRole,
    PauseReason,
    RequestKind,
    Review,
    ReviewDocument,
    ReviewKind,
    ReviewPause,
    ReviewStep,
)
from .rules import require
from .stages import DHR_WORKFLOW, DhrStage

if TYPE_CHECKING:
    from partnership.models import Partnership
    from partnership.uploads import CheckedUpload


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


# --- The merged chronology ----------------------------------------------------------------

def _check_entry(*, review: Review, happened_on: datetime.date, organisation: Organisation,
                 event: str) -> None:
    if organisation.partnership_id != review.partnership_id:
        raise ValidationError({"organisation": "Choose an agency of this partnership."})
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": "The date cannot be in the future."})
    if not event.strip():
        raise ValidationError({"event": "Describe the event."})


@transaction.atomic
def chronology_entry_add(*, review: Review, by: User, happened_on: datetime.date,
                         organisation: Organisation, event: str, source_detail: str = "",
                         significance: str = "") -> ChronologyEntry:
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    _check_entry(review=review, happened_on=happened_on, organisation=organisation, event=event)
    entry = ChronologyEntry(review=review, happened_on=happened_on, organisation=organisation,
                            event=event.strip(), source_detail=source_detail.strip(),
                            significance=significance.strip())
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def chronology_entry_edit(*, review: Review, by: User, entry_pk: int, happened_on: datetime.date,
                          organisation: Organisation, event: str, source_detail: str = "",
                          significance: str = "") -> ChronologyEntry:
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    entry = access_object(ChronologyEntry.objects.filter(review=review), pk=entry_pk, lock=True)
    _check_entry(review=review, happened_on=happened_on, organisation=organisation, event=event)
    entry.happened_on, entry.organisation, entry.event = happened_on, organisation, event.strip()
    entry.source_detail, entry.significance = source_detail.strip(), significance.strip()
    entry.full_clean()
    entry.save()
    return entry


CHRONOLOGY_STAGING = "review-chronology-imports"


class ImportExpired(ValidationError):
    """The previewed spreadsheet is gone (confirmed already, or purged as stale)."""


@dataclass(frozen=True)
class StagedChronology:
    result: chronology.ParsedChronology
    token: str  # empty when the spreadsheet has errors (nothing to confirm)


def chronology_import_stage(*, request: InformationRequest,
                           content: bytes) -> StagedChronology:
    """Check an agency's chronology and, when it would import cleanly, keep it until confirmed.
    The caller found ``request`` through the access layer (DHR coordinator or its contributor)."""
    result = chronology.parse(content, today=timezone.localdate())
    return StagedChronology(result=result, token=staging.stage(CHRONOLOGY_STAGING, content)
                            if result.ok else "")


def _import_entries(request: InformationRequest, content: bytes) -> list[ChronologyEntry]:
    result = chronology.parse(content, today=timezone.localdate())
    if not result.ok:
        raise ValidationError([f"{e.cell or 'File'}: {e.message}" for e in result.errors])
    entries = [ChronologyEntry(review=request.review, happened_on=e.happened_on,
                               organisation=request.organisation, event=e.event,
                               source_detail=e.source_detail, significance=e.significance,
                               source=request) for e in result.entries]
    for entry in entries:
        entry.full_clean(exclude=["review", "organisation", "source"])
    return ChronologyEntry.objects.bulk_create(entries)


def _read_staged(token: str) -> bytes:
    content = staging.read(CHRONOLOGY_STAGING, token)
    if content is None:
        raise ImportExpired("That import has expired: upload the spreadsheet again.")
    return content


@transaction.atomic
def chronology_import(*, review: Review, by: User, request_pk: int,
                      token: str) -> list[ChronologyEntry]:
    """The DHR coordinator imports an agency's chronology into the merged one: all or nothing.
    An import replaces nothing: each import adds its rows (the entries keep their return)."""
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    request = access_request(review=review, pk=request_pk, lock=True)
    entries = _import_entries(request, _read_staged(token))
    staging.discard(CHRONOLOGY_STAGING, token)
    return entries


@transaction.atomic
def contributor_chronology_import(*, by: User, request_pk: int,
                                  token: str) -> list[ChronologyEntry]:
    """An agency contributor imports their own chronology: all or nothing; the return is then
    received (today) if it was not yet."""
    request = access_own_request(user=by, pk=request_pk, lock=True)
    entries = _import_entries(request, _read_staged(token))
    staging.discard(CHRONOLOGY_STAGING, token)
    _mark_received(request)
    return entries


def _mark_received(request: InformationRequest) -> None:
    if request.received_on is None:
        request.received_on = max(timezone.localdate(), request.requested_on)
        request.full_clean()
        request.save(update_fields=["received_on"])


# --- Family contact -------------------------------------------------------------------------

@transaction.atomic
def family_contact_add(*, review: Review, by: User, contacted_on: datetime.date, who: str,
                       method: str, summary: str, involvement: str, leaflet_sent: bool = False,
                       advocacy_offered: bool = False) -> FamilyContact:
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    if contacted_on > timezone.localdate():
        raise ValidationError({"contacted_on": "The date cannot be in the future."})
    if contacted_on < review.died_on:
        raise ValidationError({"contacted_on": "Contact with the family comes after the death."})
    if method not in ContactMethod.values:
        raise ValidationError({"method": "Choose how the contact was made."})
    if involvement not in Involvement.values:
        raise ValidationError({"involvement": "Choose whether the family agreed to take part."})
    if not who.strip():
        raise ValidationError({"who": "Say who was contacted, by relationship."})
    if not summary.strip():
        raise ValidationError({"summary": "Summarise the contact."})
    contact = FamilyContact(review=review, contacted_on=contacted_on, who=who.strip(),
                            method=method, summary=summary.strip(), involvement=involvement,
                            leaflet_sent=leaflet_sent, advocacy_offered=advocacy_offered,
                            recorded_by=by)
    contact.full_clean()
    contact.save()
    return contact


# --- Documents (every version kept) ------------------------------------------------------------

def _next_version(document: ReviewDocument, upload: CheckedUpload, by: User) -> DocumentVersion:
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(document=document, number=last + 1, content_type=upload.content_type,
                              size=upload.size, uploaded_by=by)
    version.file.save("upload", upload.file, save=False)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def document_upload(*, review: Review, by: User, kind: str, title: str,
                    upload: CheckedUpload) -> DocumentVersion:
    """A new document of the review, its first version."""
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Choose the type of document."})
    if not title.strip():
        raise ValidationError({"title": "Enter a title."})
    document = ReviewDocument(review=review, kind=kind, title=title.strip())
    document.full_clean()
    document.save()
    return _next_version(document, upload, by)


@transaction.atomic
def document_add_version(*, review: Review, by: User, document_pk: int,
                         upload: CheckedUpload) -> DocumentVersion:
    """A new version of a document; the earlier ones stay."""
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    document = access_object(ReviewDocument.objects.filter(review=review), pk=document_pk,
                             lock=True)
    return _next_version(document, upload, by)


REQUEST_DOCUMENT_KIND = {RequestKind.IMR: DocumentKind.IMR, RequestKind.REPORT: DocumentKind.REPORT,
                         RequestKind.CHRONOLOGY: DocumentKind.CHRONOLOGY}


@transaction.atomic
def contributor_upload(*, by: User, request_pk: int, upload: CheckedUpload) -> DocumentVersion:
    """An agency contributor uploads their return (a new version each time); the request is
    then received (today) if it was not yet."""
    request = access_own_request(user=by, pk=request_pk, lock=True)
    kind = REQUEST_DOCUMENT_KIND.get(RequestKind(request.kind), DocumentKind.OTHER)
    document = ReviewDocument.objects.filter(request=request, kind=kind).first()
    if document is None:
        document = ReviewDocument(review=request.review, request=request, kind=kind,
                                  title=f"{request.get_kind_display()} from "
                                        f"{request.organisation.name}"[:200])
        document.full_clean()
        document.save()
    version = _next_version(document, upload, by)
    _mark_received(request)
    return version


# --- Agency contributors --------------------------------------------------------------------

@transaction.atomic
def request_give_access(*, review: Review, by: User, request_pk: int) -> User:
    """Give the request's contact an account limited to this request (found by their email, or
    made and sent a link to set a password). Their account opens nothing else of the review or
    the partnership: it is not a membership."""
    review = _locked(review, by)
    require(by, "reviews.run_review", review.partnership)
    request = access_request(review=review, pk=request_pk, lock=True)
    if request.contact_id is not None:
        raise ValidationError(f"{request.contact_name} already has access to this request.")
    user = User.objects.filter(email__iexact=request.contact_email).first()
    created = user is None
    if user is None:
        user = User(email=request.contact_email.lower(), full_name=request.contact_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    elif not user.is_active:
        raise ValidationError("The contact's account is switched off: ask a system administrator.")
    request.contact = user
    request.full_clean()
    request.save(update_fields=["contact"])
    transaction.on_commit(lambda: send_contributor_invitation(user=user, request=request,
                                                              new_account=created))
    return user
