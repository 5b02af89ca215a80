"""Grant return reminders, through the partnership notification outbox.

To the partnership's coordinators and finance officers:

- ``funding.return_due``: a return is due within :data:`DUE_SOON_DAYS` days and has not been
  submitted;
- ``funding.return_overdue``: its due date has passed (up to :data:`LOOKBACK_DAYS` ago) and it
  has still not been submitted (not started, a draft, or returned and not yet resubmitted);
- ``funding.return_returned``: the OPCC returned it for changes (with their comments).

To the OPCC officers of the partnership's force area:

- ``funding.return_submitted``: a return was submitted or resubmitted and awaits their decision.

Notices are unique per (kind, subject, period, recipient) in the outbox, which sends one digest
per person per day: running the daily job twice, or on two workers, changes nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.urls import reverse

from partnership.models import Membership, Role, User
from partnership.notifications import Notice, notify_many, register_kind

from .models import RETURN_WORKFLOW, GrantReturn, ReturnDue, ReturnStatus

DUE = "funding.return_due"
OVERDUE = "funding.return_overdue"
RETURNED = "funding.return_returned"
SUBMITTED = "funding.return_submitted"
DUE_SOON_DAYS: int = getattr(settings, "FUNDING_RETURN_REMINDER_DAYS", 14)
LOOKBACK_DAYS = 90
NOT_YET_SENT = frozenset({ReturnStatus.DRAFT, ReturnStatus.RETURNED})


def register_kinds() -> None:
    register_kind(DUE, "Grant returns due soon")
    register_kind(OVERDUE, "Grant returns overdue")
    register_kind(RETURNED, "Grant returns sent back by the OPCC for changes")
    register_kind(SUBMITTED, "Grant returns waiting for your decision")


def bookkeepers_by_partnership(partnership_ids: set[int]) -> dict[int, list[User]]:
    """Coordinators and finance officers, per partnership (one query)."""
    people: dict[int, list[User]] = defaultdict(list)
    for membership in (Membership.objects.filter(
            partnership_id__in=partnership_ids, user__is_active=True,
            roles__overlap=[Role.COORDINATOR, Role.FINANCE_OFFICER]).select_related("user")):
        people[membership.partnership_id].append(membership.user)
    return people


def return_url(grant_return: GrantReturn) -> str:
    return reverse("funding:return", args=[grant_return.award.partnership.slug, grant_return.pk])


def schedule_notices(*, today: datetime.date) -> list[Notice]:
    dues = list(ReturnDue.objects.filter(
        award__status="active", due_on__gte=today - datetime.timedelta(days=LOOKBACK_DAYS),
        due_on__lte=today + datetime.timedelta(days=DUE_SOON_DAYS))
        .select_related("award__partnership", "award__stream"))
    if not dues:
        return []
    currents = {(r.award_id, r.part): r for r in GrantReturn.objects.current().filter(
        award_id__in={d.award_id for d in dues})}
    people = bookkeepers_by_partnership({d.award.partnership_id for d in dues})
    notices = []
    for due in dues:
        current = currents.get((due.award_id, due.part))
        if current is not None and current.status not in NOT_YET_SENT:
            continue
        award = due.award
        overdue = due.due_on < today
        what = f"{award.stream.name} {due.period.label} return"
        when = f"{due.due_on:%-d %B %Y}"
        line = f"{what} was due on {when} and has not been submitted" if overdue else \
            f"{what} is due by {when}"
        url = reverse("funding:award", args=[award.partnership.slug, award.pk])
        for person in people.get(award.partnership_id, []):
            notices.append(Notice(kind=OVERDUE if overdue else DUE, subject=due, recipient=person,
                                  partnership=award.partnership, line=line, url=url,
                                  period=due.period.key))
    return notices


def returned_notices(grant_returns: list[GrantReturn]) -> list[Notice]:
    """One notice per return sent back, per decision (a second sending back notifies again)."""
    chosen = [r for r in grant_returns if r.is_current and r.status == ReturnStatus.RETURNED]
    people = bookkeepers_by_partnership({r.award.partnership_id for r in chosen})
    notices = []
    for grant_return in chosen:
        comment = " ".join(grant_return.review_comment.split())[:200]
        line = (f"{grant_return.award.stream.name} {grant_return.period.label} return was returned "
                f"for changes: “{comment}”")
        decided = grant_return.decided_at.isoformat() if grant_return.decided_at else ""
        for person in people.get(grant_return.award.partnership_id, []):
            notices.append(Notice(kind=RETURNED, subject=grant_return, recipient=person,
                                  partnership=grant_return.award.partnership, line=line,
                                  url=return_url(grant_return), period=f"returned {decided}"[:40]))
    return notices


def submitted_notices(grant_returns: list[GrantReturn]) -> list[Notice]:
    """The OPCC officers of the force area hear of each submission awaiting their decision."""
    chosen = [r for r in grant_returns if r.is_current and RETURN_WORKFLOW.is_in(r.status, "awaiting_review")]
    offices = {r.award.partnership.pcc_office_id for r in chosen} - {None}
    officers: dict[int, list[User]] = defaultdict(list)
    for officer in User.objects.filter(opcc_office_id__in=offices, is_active=True):
        officers[officer.opcc_office_id].append(officer)  # type: ignore[index]
    notices = []
    for grant_return in chosen:
        partnership = grant_return.award.partnership
        submitted = grant_return.submitted_at.isoformat() if grant_return.submitted_at else ""
        line = (f"{partnership.name}: {grant_return.award.stream.name} "
                f"{grant_return.period.label} return {grant_return.get_status_display().lower()}")
        for officer in officers.get(partnership.pcc_office_id, []):  # type: ignore[arg-type]
            notices.append(Notice(kind=SUBMITTED, subject=grant_return, recipient=officer,
                                  partnership=partnership, line=line, url=return_url(grant_return),
                                  period=f"submitted {submitted}"[:40]))
    return notices


def queue_reminders(*, today: datetime.date) -> int:
    """The daily job: returns due soon or overdue, and returns sent back (a safety net for the
    notices queued when the OPCC decided). Idempotent."""
    returned = list(GrantReturn.objects.current().filter(status=ReturnStatus.RETURNED)
                    .select_related("award__partnership", "award__stream"))
    notices = schedule_notices(today=today) + returned_notices(returned)
    notify_many(notices)
    return len(notices)


def queue_decision_notices(grant_return_id: int) -> int:
    """Right after a submission or an OPCC decision: tell whoever must act next."""
    grant_return = (GrantReturn.objects.select_related("award__partnership", "award__stream")
                    .filter(pk=grant_return_id).first())
    if grant_return is None:
        return 0
    notices = returned_notices([grant_return]) + submitted_notices([grant_return])
    notify_many(notices)
    return len(notices)
