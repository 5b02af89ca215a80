"""Reads for review pages: the anonymised list, the review page, the access log.

Each owns its joins, so a page costs the same number of queries whatever the number of reviews,
steps, panel members or requests.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from partnership.models import Organisation

from . import deadlines
from .models import (
    AccessLog,
    ChronologyEntry,
    Decision,
    DocumentVersion,
    FamilyContact,
    InformationRequest,
    Publication,
    PublishedDocument,
    Recommendation,
    Review,
    ReviewDocument,
    ReviewPause,
    ReviewStep,
)
from .stages import DHR_WORKFLOW, DhrStage, move_label

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from partnership.models import Partnership, User


@dataclass(frozen=True)
class Deadline:
    label: str
    due: datetime.date
    days_left: int  # negative: overdue

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


@dataclass(frozen=True)
class Clock:
    decision_due: datetime.date
    completion_target: datetime.date | None  # held reviews only, paused days added
    paused_days: int
    paused_since: datetime.date | None
    current: Deadline | None  # the deadline the review is working to now


def review_clock(review: Review, today: datetime.date) -> Clock:
    """A review's deadlines (``review.pauses`` prefetched, or one query)."""
    pauses = list(review.pauses.all())
    paused = deadlines.paused_days([(p.started_on, p.ended_on) for p in pauses], today)
    open_pause = next((p for p in pauses if p.ended_on is None), None)
    decision_due = deadlines.decision_due(review.notified_on)
    target = None
    if review.decision == Decision.HOLD and review.decided_on:
        target = deadlines.completion_target(review.decided_on, paused)
    current = None
    if DHR_WORKFLOW.is_in(review.stage, "deciding"):
        current = Deadline("Decision due", decision_due, deadlines.days_left(decision_due, today))
    elif target and DHR_WORKFLOW.is_in(review.stage, "in_progress") and open_pause is None:
        current = Deadline("Completion target", target, deadlines.days_left(target, today))
    return Clock(decision_due, target, paused, open_pause.started_on if open_pause else None,
                 current)


@dataclass(frozen=True)
class ListRow:
    """One line of the anonymised list: no pseudonym, no name, no detail of the case."""

    pk: int
    reference: str
    stage: str
    stage_label: str
    tag_class: str
    notified_on: datetime.date
    clock: Clock
    can_open: bool


def review_list(*, partnership: Partnership, user: User | AnonymousUser,
                stage: str = "") -> QuerySet[Review]:
    reviews = Review.objects.listable_by(user).filter(partnership=partnership)
    if stage:
        reviews = reviews.filter(stage=stage)
    # Whether the user may open each review (DHR coordinator or on its panel): the same
    # need-to-know rule as the review page, asked in the list's own query.
    openable = Review.objects.openable_by(user).filter(pk=OuterRef("pk"))
    return (reviews
            .only("pk", "year", "number", "stage", "notified_on", "decision", "decided_on",
                  "partnership_id")
            .annotate(can_open=Exists(openable))
            .prefetch_related(Prefetch("pauses", ReviewPause.objects.only(
                "review_id", "started_on", "ended_on"))))


def list_rows(*, reviews: list[Review], today: datetime.date) -> list[ListRow]:
    """The rows of :func:`review_list`'s reviews."""
    return [ListRow(r.pk, r.reference, r.stage, DHR_WORKFLOW.label(r.stage),
                    DHR_WORKFLOW.tag_class(r.stage), r.notified_on,
                    review_clock(r, today), r.can_open)  # type: ignore[attr-defined]
            for r in reviews]


@dataclass(frozen=True)
class RequestRow:
    request: InformationRequest
    deadline: Deadline | None  # None once received
    late: bool


@dataclass(frozen=True)
class ReviewPage:
    review: Review
    clock: Clock
    steps: list[ReviewStep]
    panel: list[Any]
    requests: list[RequestRow]
    late_requests: int
    moves: list[tuple[str, str]]  # (stage, button label) the review may move to now
    recommendations: list[Recommendation]  # with their actions (progress) and agencies
    publication: Publication | None


def recommendations_of(review: Review) -> list[Recommendation]:
    """A review's recommendations with their actions' progress: two queries."""
    return list(review.recommendations.select_related("lead_agency", "action")
                .prefetch_related("supporting_agencies"))


def review_page(*, review: Review, today: datetime.date) -> ReviewPage:
    steps = list(review.steps.select_related("by"))
    panel = list(review.panel.select_related("user"))
    rows = []
    for request in review.requests.select_related("organisation"):
        deadline = None if request.received_on else Deadline(
            "Due", request.due_on, deadlines.days_left(request.due_on, today))
        rows.append(RequestRow(request, deadline, request.is_late(today)))
    # Publication is its own page (the name check runs there): never a plain move.
    moves = [(target, move_label(review.stage, target)) for target in DHR_WORKFLOW.states.values
             if DHR_WORKFLOW.can(review.stage, target) and target != DhrStage.PUBLISHED]
    publication = Publication.objects.filter(review=review).first()
    return ReviewPage(review, review_clock(review, today), steps, panel, rows,
                      sum(1 for row in rows if row.late), moves, recommendations_of(review),
                      publication)


def access_log(*, review: Review, user_contains: str = "", kind: str = "",
               since: datetime.date | None = None,
               until: datetime.date | None = None) -> QuerySet[AccessLog]:
    entries = review.access_log.select_related("user")
    if user_contains:
        entries = entries.filter(Q(user__full_name__icontains=user_contains)
                                 | Q(user__email__icontains=user_contains))
    if kind:
        entries = entries.filter(kind=kind)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries


CHRONOLOGY_SORTS = {"date": ("happened_on", "organisation__name", "pk"),
                    "-date": ("-happened_on", "organisation__name", "-pk"),
                    "agency": ("organisation__name", "happened_on", "pk")}


def chronology(*, review: Review, organisation_pk: int | None = None,
               sort: str = "date") -> QuerySet[ChronologyEntry]:
    """The merged chronology of every agency, one query whatever its length."""
    entries = review.chronology.select_related("organisation", "source")
    if organisation_pk:
        entries = entries.filter(organisation_id=organisation_pk)
    return entries.order_by(*CHRONOLOGY_SORTS.get(sort, CHRONOLOGY_SORTS["date"]))


def chronology_agencies(*, review: Review) -> list[Organisation]:
    """The agencies with entries in the chronology (the filter's choices)."""
    return list(Organisation.objects.filter(
        pk__in=review.chronology.values("organisation_id")).order_by("name"))


def family_contacts(*, review: Review) -> QuerySet[FamilyContact]:
    return review.family_contacts.select_related("recorded_by")


def documents(*, review: Review) -> list[ReviewDocument]:
    """Every document with every version (newest first), two queries whatever the count."""
    return list(review.documents.select_related("request__organisation").prefetch_related(
        Prefetch("versions", DocumentVersion.objects.select_related("uploaded_by")
                 .order_by("-number"))))


def own_requests(*, user: User) -> QuerySet[InformationRequest]:
    """An agency contributor's requests (reference, agency, kind, dates: nothing of the case)."""
    return (InformationRequest.objects.filter(contact=user)
            .select_related("organisation", "review__partnership")
            .order_by("received_on", "due_on", "pk"))


def own_uploads(*, request: InformationRequest) -> list[DocumentVersion]:
    """What the contributor has uploaded for the request (never the review's other documents)."""
    return list(DocumentVersion.objects.filter(document__request=request,
                                               uploaded_by_id=request.contact_id)
                .select_related("document").order_by("-uploaded_at", "-pk"))


def open_stage_counts(*, partnership: Partnership) -> list[tuple[str, str, int]]:
    """(stage, label, number of reviews) of the open reviews, in the stages' order: one query
    (counted by the database), for the dashboard. Anonymised: counts only."""
    counts = dict(Review.objects.in_partnership(partnership).in_group("open").order_by()
                  .values("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    return [(stage, label, counts[stage]) for stage, label in DhrStage.choices if stage in counts]


def open_review_rows(*, partnership: Partnership, today: datetime.date,
                     limit: int = 50) -> list[ListRow]:
    """The anonymised rows of the open reviews, for the dashboard panel and the board pack:
    no link, no pseudonym. Two queries whatever the number of reviews."""
    reviews = list(Review.objects.in_partnership(partnership).in_group("open")
                   .only("pk", "year", "number", "stage", "notified_on", "decision", "decided_on",
                         "partnership_id")
                   .prefetch_related(Prefetch("pauses", ReviewPause.objects.only(
                       "review_id", "started_on", "ended_on")))[:limit])
    return [ListRow(r.pk, r.reference, r.stage, DHR_WORKFLOW.label(r.stage),
                    DHR_WORKFLOW.tag_class(r.stage), r.notified_on, review_clock(r, today), False)
            for r in reviews]


def recommendations_export(*, partnership: Partnership) -> QuerySet[Recommendation]:
    """Every recommendation of every review of the partnership, with its action: two queries."""
    return (Recommendation.objects.in_partnership(partnership)
            .select_related("review", "lead_agency", "action")
            .prefetch_related("supporting_agencies")
            .order_by("review__year", "review__number", "number"))


def published_reviews(*, partnership: Partnership, today: datetime.date) -> QuerySet[Publication]:
    """What the public page lists: published reviews still within their time online."""
    return (Publication.objects.filter(review__partnership=partnership, published_on__lte=today,
                                       remove_on__gt=today,
                                       review__stage__in=[DhrStage.PUBLISHED, DhrStage.CLOSED])
            .select_related("review").prefetch_related(
                Prefetch("documents", PublishedDocument.objects.order_by("kind", "pk")))
            .order_by("-published_on", "-pk"))
