"""Celery tasks of reviews. They take IDs or dates, look objects up again and are idempotent."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone


@shared_task(name="reviews.tasks.queue_review_reminders")
def queue_review_reminders(today: str | None = None) -> int:
    """Daily (registered with partnership.registry.add_daily_job): decisions, completion
    targets and information requests due soon or late, with escalation."""
    from partnership.tasks import send_pending_notifications

    from .reminders import queue_reminders

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    with transaction.atomic():
        count = queue_reminders(today=day)
        transaction.on_commit(send_pending_notifications.delay)
    return count


@shared_task(name="reviews.tasks.purge_stale_chronology_imports")
def purge_stale_chronology_imports() -> int:
    """Daily: delete chronology import previews nobody confirmed within a day. Idempotent."""
    from partnership.staging import purge_stale

    from .services import CHRONOLOGY_STAGING

    return purge_stale(CHRONOLOGY_STAGING, older_than=datetime.timedelta(days=1))
