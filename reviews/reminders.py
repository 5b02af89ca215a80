"""Review reminders and chasers, through the partnership notification outbox.

Lines name the review by its reference only (DHR-2026-01): never the pseudonym, never a name,
never a detail of the case. Emails go beyond the people with need to know of the case
(an agency's contact), so they carry no more than the anonymised list shows.

- ``reviews.decision_due``: the decision whether to hold a review is due within
  :data:`SOON_DAYS` days, or overdue (chased once a week): to the DHR coordinators.
- ``reviews.completion_due``: a held review's completion target (paused days added) is within
  :data:`COMPLETION_SOON_DAYS` days, or passed (chased once a week): to the DHR coordinators
  and the review's independent chair. A paused review is not chased.
- ``reviews.request_due`` / ``reviews.request_late``: an information request is due within
  :data:`SOON_DAYS` days / late (chased once a week): to the agency contact's account where
  there is one; a late request is escalated to the DHR coordinators as ``reviews.request_escalated``.

Idempotent: notices are unique per (kind, subject, period, recipient); the period names the
deadline and, for chasers, the week overdue.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.urls import reverse

from partnership.models import Membership, Role, User
from partnership.notifications import Notice, notify_many, register_kind

from .models import InformationRequest, PanelRole, Review
from .selectors import review_clock
from .stages import DHR_WORKFLOW

DECISION_DUE = "reviews.decision_due"
COMPLETION_DUE = "reviews.completion_due"
REQUEST_DUE = "reviews.request_due"
REQUEST_LATE = "reviews.request_late"
REQUEST_ESCALATED = "reviews.request_escalated"
SOON_DAYS = 7
COMPLETION_SOON_DAYS = 30


def register_kinds() -> None:
    register_kind(DECISION_DUE, "Review decisions due")
    register_kind(COMPLETION_DUE, "Reviews due for completion")
    register_kind(REQUEST_DUE, "Information for a review due soon")
    register_kind(REQUEST_LATE, "Information for a review overdue")
    register_kind(REQUEST_ESCALATED, "Agencies late with information for a review")


def dhr_coordinators(partnership_ids: set[int]) -> dict[int, list[User]]:
    people: dict[int, list[User]] = defaultdict(list)
    for membership in Membership.objects.filter(
            partnership_id__in=partnership_ids, user__is_active=True,
            roles__contains=[Role.DHR_COORDINATOR.value]).select_related("user"):
        people[membership.partnership_id].append(membership.user)
    return people


def _when(due: datetime.date, today: datetime.date) -> tuple[str, str]:
    """The wording and the period key: once when due soon, then once a week while overdue."""
    days = (due - today).days
    if days >= 0:
        return f"is due by {due:%-d %B %Y}", f"due {due.isoformat()}"
    return (f"was due on {due:%-d %B %Y}: {-days} day{'s' if days != -1 else ''} overdue",
            f"overdue {due.isoformat()} w{(-days - 1) // 7}")


def review_notices(*, today: datetime.date) -> list[Notice]:
    reviews = list(Review.objects.in_group("open").select_related("partnership")
                   .prefetch_related("pauses", "panel__user"))
    people = dhr_coordinators({r.partnership_id for r in reviews})
    notices = []
    for review in reviews:
        clock = review_clock(review, today)
        deadline = clock.current
        if deadline is None:
            continue
        deciding = DHR_WORKFLOW.is_in(review.stage, "deciding")
        soon = SOON_DAYS if deciding else COMPLETION_SOON_DAYS
        if deadline.days_left > soon:
            continue
        wording, period = _when(deadline.due, today)
        if deciding:
            kind, line = DECISION_DUE, f"{review.reference}: the decision whether to hold a review {wording}"
            recipients = list(people.get(review.partnership_id, []))
        else:
            kind, line = COMPLETION_DUE, f"{review.reference}: the completion target {wording}"
            recipients = list(people.get(review.partnership_id, [])) + [
                member.user for member in review.panel.all()
                if member.role == PanelRole.CHAIR and member.user.is_active]
        url = reverse("reviews:review", args=[review.partnership.slug, review.pk])
        for person in {p.pk: p for p in recipients}.values():
            notices.append(Notice(kind=kind, subject=review, recipient=person,
                                  partnership=review.partnership, line=line, url=url,
                                  period=period))
    return notices


def request_notices(*, today: datetime.date) -> list[Notice]:
    requests = list(InformationRequest.objects.outstanding()
                    .filter(review__stage__in=sorted(DHR_WORKFLOW.group("open")),
                            due_on__lte=today + datetime.timedelta(days=SOON_DAYS))
                    .select_related("review__partnership", "organisation", "contact"))
    people = dhr_coordinators({r.review.partnership_id for r in requests})
    notices = []
    for request in requests:
        review = request.review
        wording, period = _when(request.due_on, today)
        what = f"{review.reference}: the {request.get_kind_display()} from {request.organisation.name}"
        late = request.due_on < today
        if request.contact is not None and request.contact.is_active:
            # The contributor's own door: their account opens this request only.
            notices.append(Notice(kind=REQUEST_LATE if late else REQUEST_DUE, subject=request,
                                  recipient=request.contact, partnership=review.partnership,
                                  line=f"{what} {wording}", period=period,
                                  url=reverse("returns:request", args=[request.pk])))
        if late:
            url = reverse("reviews:review", args=[review.partnership.slug, review.pk])
            for person in people.get(review.partnership_id, []):
                notices.append(Notice(kind=REQUEST_ESCALATED, subject=request, recipient=person,
                                      partnership=review.partnership, line=f"{what} {wording}",
                                      url=url, period=period))
    return notices


def queue_reminders(*, today: datetime.date) -> int:
    """The daily job. Idempotent."""
    notices = review_notices(today=today) + request_notices(today=today)
    notify_many(notices)
    return len(notices)
