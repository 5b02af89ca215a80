"""Celery tasks of funding. They take IDs, look objects up again and are idempotent."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone


@shared_task(name="funding.tasks.queue_return_reminders")
def queue_return_reminders(today: str | None = None) -> int:
    """Daily (registered with partnership.registry.add_daily_job): due soon, overdue, returned."""
    from partnership.tasks import send_pending_notifications

    from .reminders import queue_reminders

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    with transaction.atomic():
        count = queue_reminders(today=day)
        transaction.on_commit(send_pending_notifications.delay)
    return count


@shared_task(name="funding.tasks.notify_return_decision")
def notify_return_decision(grant_return_id: int) -> int:
    """After a submission or an OPCC decision: notices to whoever acts next (idempotent)."""
    from .reminders import queue_decision_notices

    return queue_decision_notices(grant_return_id)
