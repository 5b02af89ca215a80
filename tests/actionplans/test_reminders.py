"""Reminders N days before the deadline, overdue notices, escalation after M working days:
one digest email per person per day, exactly once."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from actionplans import services
from actionplans.deadlines import working_days_after
from actionplans.rag import Rag
from actionplans.reminders import DUE, ESCALATION, OVERDUE
from actionplans.tasks import queue_update_reminders
from partnership.models import Notification
from partnership.notifications import send_pending
from tests.actionplans.factories import ActionFactory, plan_world

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2016, 3, 22)  # Tuesday, after Easter 2016


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8, 0)))


def _run(day: datetime.date) -> Any:
    queue_update_reminders(today=day.isoformat())
    return send_pending(now=_at(day))


@pytest.fixture
def world() -> Any:
    world = plan_world(deadline=DEADLINE)
    world.partnership.reminder_days = 5
    world.partnership.escalation_working_days = 3
    world.partnership.save()
    return world


def test_reminder_n_days_before_is_one_digest_per_person(world: Any) -> None:
    mine = [ActionFactory(plan=world.plan, lead_officer=world.lead, reference=f"P1.{i}")
            for i in range(1, 4)]
    ActionFactory(plan=world.plan, lead_officer=world.other_lead, reference="P1.9")
    done: Any = ActionFactory(plan=world.plan, lead_officer=world.lead, reference="P1.8")
    services.update_save(action=done, period=world.period, by=world.lead, progress="Done",
                         percent_complete=100, proposed_rag=Rag.GREEN, submit=True)

    assert _run(DEADLINE - datetime.timedelta(days=6)).sent == 0  # too early
    report = _run(DEADLINE - datetime.timedelta(days=5))
    assert report.sent == 2
    to_lead = next(m for m in mail.outbox if m.to == [world.lead.email])
    body = str(to_lead.body)
    assert all(f"{a.reference} " in body for a in mine) and "P1.8" not in body
    assert f"/p/{world.partnership.slug}/action-plans/actions/{mine[0].pk}/update/" in body
    assert "due by 22 March 2016" in body
    assert len(body) < 2000 and "<" not in body  # plain and short

    # The next day: the same reminders are not sent again.
    assert _run(DEADLINE - datetime.timedelta(days=4)).sent == 0
    assert len(mail.outbox) == 2


def test_overdue_on_the_deadline_then_escalation_after_m_working_days(world: Any) -> None:
    ActionFactory(plan=world.plan, lead_officer=world.lead, reference="P1.1")
    ActionFactory(plan=world.plan, lead_officer=world.other_lead, reference="P1.2")
    _run(DEADLINE - datetime.timedelta(days=5))
    mail.outbox.clear()

    _run(DEADLINE)
    assert sorted(str(m.to[0]) for m in mail.outbox) == sorted([world.lead.email,
                                                                world.other_lead.email])
    assert all("was due on 22 March 2016" in str(m.body) for m in mail.outbox)
    assert Notification.objects.filter(kind=OVERDUE).count() == 2
    mail.outbox.clear()

    escalate_on = working_days_after(DEADLINE, 3)
    assert escalate_on == datetime.date(2016, 3, 29)  # Good Friday and Easter Monday skipped
    _run(escalate_on - datetime.timedelta(days=1))
    assert Notification.objects.filter(kind=ESCALATION).count() == 0
    _run(escalate_on)
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    body = str(mail.outbox[0].body)
    assert "P1.1 (Liam Lead)" in body and "P1.2 (Olive Other)" in body
    mail.outbox.clear()
    _run(escalate_on)
    _run(escalate_on + datetime.timedelta(days=1))
    assert mail.outbox == []
    assert Notification.objects.filter(kind=DUE).count() == 2


def test_running_the_daily_job_twice_sends_once(world: Any) -> None:
    ActionFactory(plan=world.plan, lead_officer=world.lead)
    day = DEADLINE - datetime.timedelta(days=2)
    for _ in range(3):
        _run(day)
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1


def test_the_daily_job_is_registered_with_beat() -> None:
    from partnership.registry import registry

    assert "actionplans.tasks.queue_update_reminders" in registry.daily_jobs
    assert "actionplans.tasks.refresh_rag" in registry.daily_jobs


@pytest.mark.django_db(transaction=True)
def test_daily_job_on_two_workers_at_once_sends_once() -> None:
    import threading

    from django.db import connections

    world = plan_world(deadline=DEADLINE)
    for i in range(20):
        ActionFactory(plan=world.plan, lead_officer=world.lead if i % 2 else world.other_lead)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            _run(DEADLINE)
        except BaseException as error:  # noqa: BLE001 - reported to the test thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(str(m.to[0]) for m in mail.outbox) == sorted([world.lead.email,
                                                                world.other_lead.email])
    assert all(str(m.body).count("\n- ") == 10 for m in mail.outbox)
