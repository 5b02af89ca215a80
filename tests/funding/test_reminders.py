"""Reminders through the notification outbox: due soon, overdue, returned for changes, and the
OPCC told of submissions. Idempotent; one digest per person per day."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from funding import reminders, services
from funding.models import AwardStatus
from partnership.models import EmailDigest, Notification
from partnership.notifications import send_pending
from partnership.registry import registry

pytestmark = pytest.mark.django_db
H1_DUE = datetime.date(2015, 10, 31)


def kinds_for(user: Any) -> list[tuple[str, str]]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", "line"))


def test_the_daily_job_is_registered() -> None:
    assert "funding.tasks.queue_return_reminders" in registry.daily_jobs


def test_due_soon_goes_to_coordinators_and_finance_once(people: Any, award: Any) -> None:
    assert reminders.queue_reminders(today=H1_DUE - datetime.timedelta(days=30)) == 0
    today = H1_DUE - datetime.timedelta(days=reminders.DUE_SOON_DAYS)
    assert reminders.queue_reminders(today=today) == 3  # two coordinators and the finance officer
    reminders.queue_reminders(today=today)
    reminders.queue_reminders(today=today + datetime.timedelta(days=1))
    assert Notification.objects.count() == 3
    stream = award.stream.name
    assert kinds_for(people["finance"]) == [
        ("funding.return_due", f"{stream} 2015/16 H1 return is due by 31 October 2015")]
    assert kinds_for(people["lead"]) == []


def test_overdue_until_submitted_and_not_for_closed_awards(people: Any, lines: Any, award: Any) -> None:
    after = H1_DUE + datetime.timedelta(days=1)
    grant_return = services.return_start(award=award, by=people["finance"], part="H1")
    reminders.queue_reminders(today=after)
    assert [k for k, _ in kinds_for(people["coordinator"])] == ["funding.return_overdue"]
    assert "was due on 31 October 2015 and has not been submitted" in kinds_for(people["coordinator"])[0][1]
    Notification.objects.all().delete()
    services.return_submit(grant_return=grant_return, by=people["coordinator"], no_personal_data=True)
    assert reminders.queue_reminders(today=after) == 0
    award.status = AwardStatus.CLOSED
    award.save()
    assert reminders.queue_reminders(today=H1_DUE + datetime.timedelta(days=200)) == 0


def test_returned_for_changes_and_submitted_notices(people: Any, lines: Any, award: Any,
                                                    opcc: Any) -> None:
    grant_return = services.return_start(award=award, by=people["finance"], part="H1")
    services.return_submit(grant_return=grant_return, by=people["coordinator"], no_personal_data=True)
    assert reminders.queue_decision_notices(grant_return.pk) == 1
    assert [k for k, _ in kinds_for(opcc)] == ["funding.return_submitted"]
    services.return_review(grant_return=grant_return, by=opcc, accept=False,
                           comment="Please add the outcomes.")
    reminders.queue_decision_notices(grant_return.pk)
    reminders.queue_reminders(today=datetime.date(2015, 11, 2))  # the daily safety net: no repeat
    returned = [line for kind, line in kinds_for(people["finance"]) if kind == "funding.return_returned"]
    assert returned == [f"{award.stream.name} 2015/16 H1 return was returned for changes: "
                        "“Please add the outcomes.”"]
    assert kinds_for(people["lead"]) == []


def test_digest_is_sent_once_with_the_funding_heading(people: Any, award: Any) -> None:
    reminders.register_kinds()
    reminders.queue_reminders(today=H1_DUE - datetime.timedelta(days=3))
    send_pending(now=datetime.datetime(2015, 10, 28, 8, 0, tzinfo=datetime.UTC))
    send_pending(now=datetime.datetime(2015, 10, 28, 9, 0, tzinfo=datetime.UTC))
    to_finance = [m for m in mail.outbox if m.to == [people["finance"].email]]
    assert len(to_finance) == 1
    assert "Grant returns due soon" in to_finance[0].body
    assert EmailDigest.objects.filter(recipient=people["finance"]).count() == 1
