"""Reads for review pages: the anonymised list, the review page, the access log.

Each owns its joins, so a page costs the same number of queries whatever the number of reviews,
steps, panel members or requests.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet

from . import deadlines
from .models import (
    AccessLog,
    Decision,
    InformationRequest,
    Publication,
    PublishedDocument,
    Recommendation,
    Review,
    ReviewPause,
    ReviewStep,
)
from .stages import DHR_WORKFLOW, MOVE_LABELS, DhrStage

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


def review_list(*, partnership: Partnership, user: User | AnonymousUser) -> QuerySet[Review]:
    return (Review.objects.listable_by(user).filter(partnership=partnership)
            .only("pk", "year", "number", "stage", "notified_on", "decision", "decided_on",
                  "partnership_id")
            .prefetch_related(Prefetch("pauses", ReviewPause.objects.only(
                "review_id", "started_on", "ended_on"))))


def list_rows(*, reviews: list[Review], partnership: Partnership, user: User | AnonymousUser,
              today: datetime.date) -> list[ListRow]:
    openable = set(Review.objects.openable_by(user).filter(
        partnership=partnership, pk__in=[r.pk for r in reviews]).values_list("pk", flat=True))
    return [ListRow(r.pk, r.reference, r.stage, DHR_WORKFLOW.label(r.stage),
                    DHR_WORKFLOW.tag_class(r.stage), r.notified_on,
                    review_clock(r, today), r.pk in openable) for r in reviews]


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
    moves = [(target, MOVE_LABELS[target]) for target in DHR_WORKFLOW.states.values
             if DHR_WORKFLOW.can(review.stage, target) and target != DhrStage.PUBLISHED]
    publication = Publication.objects.filter(review=review).first()
    return ReviewPage(review, review_clock(review, today), steps, panel, rows,
                      sum(1 for row in rows if row.late), moves, recommendations_of(review),
                      publication)


def access_log(*, review: Review, user_contains: str = "", kind: str = "",
               since: datetime.date | None = None) -> QuerySet[AccessLog]:
    entries = review.access_log.select_related("user")
    if user_contains:
        entries = entries.filter(Q(user__full_name__icontains=user_contains)
                                 | Q(user__email__icontains=user_contains))
    if kind:
        entries = entries.filter(kind=kind)
    if since:
        entries = entries.filter(at__date__gte=since)
    return entries


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
