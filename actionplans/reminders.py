"""Daily reminders and escalation, through the partnership notification outbox.

For each reporting period whose deadline is near or recently past, every open action with
a lead officer and no submitted update for that period gets:

- ``actionplans.update_due``: from N days before the deadline (the partnership's
  ``reminder_days``), to the lead officer;
- ``actionplans.update_overdue``: from the deadline, to the lead officer;
- ``actionplans.escalation``: from M working days after the deadline (the partnership's
  ``escalation_working_days``), to each coordinator, one line per action.

Notices are unique per (kind, action, period, recipient), and the outbox sends one digest per
person per day, so running this twice, or on two workers, changes nothing.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from partnership.models import Membership, Partnership, Role
from partnership.notifications import Notice, notify_many, register_kind

from .deadlines import working_days_after
from .models import Action, ReportingPeriod

DUE = "actionplans.update_due"
OVERDUE = "actionplans.update_overdue"
ESCALATION = "actionplans.escalation"
LOOKBACK_DAYS = 90


def register_kinds() -> None:
    register_kind(DUE, "Action plan updates due soon")
    register_kind(OVERDUE, "Action plan updates now overdue")
    register_kind(ESCALATION, "Action plan updates still missing after the deadline")


def update_url(action: Action) -> str:
    return reverse("actionplans:update", args=[action.partnership.slug, action.pk])


def reminders_for(*, partnership: Partnership, today: datetime.date) -> list[Notice]:
    notices: list[Notice] = []
    periods = ReportingPeriod.objects.filter(
        partnership=partnership, deadline__gte=today - datetime.timedelta(days=LOOKBACK_DAYS),
        deadline__lte=today + datetime.timedelta(days=partnership.reminder_days))
    coordinators = None
    for period in periods:
        deadline = period.deadline
        escalate_on = working_days_after(deadline, partnership.escalation_working_days)
        missing = list(Action.objects.in_partnership(partnership).missing_update(period)
                       .filter(lead_officer__isnull=False, lead_officer__is_active=True)
                       .select_related("lead_officer", "partnership"))
        label = f"{deadline:%-d %B %Y}"
        kind = DUE if today < deadline else OVERDUE
        for action in missing:
            what = "due by" if kind == DUE else "was due on"
            notices.append(Notice(kind=kind, subject=action, recipient=action.lead_officer,  # type: ignore[arg-type]
                                  partnership=partnership, period=period.period,
                                  url=update_url(action),
                                  line=f"{action.reference} {action.description[:120]}: "
                                       f"update for {period.label} {what} {label}"))
        if today >= escalate_on and missing:
            if coordinators is None:
                coordinators = [m.user for m in Membership.objects.filter(
                    partnership=partnership, roles__contains=[Role.COORDINATOR],
                    user__is_active=True).select_related("user")]
            for coordinator in coordinators:
                for action in missing:
                    notices.append(Notice(
                        kind=ESCALATION, subject=action, recipient=coordinator,
                        partnership=partnership, period=period.period, url=update_url(action),
                        line=f"{action.reference} ({action.lead_officer}): no update for "
                             f"{period.label}, due {label}"))
    return notices


def queue_reminders(*, today: datetime.date) -> int:
    notices: list[Notice] = []
    for partnership in Partnership.objects.all():
        notices += reminders_for(partnership=partnership, today=today)
    notify_many(notices)
    return len(notices)
