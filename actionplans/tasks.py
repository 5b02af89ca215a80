"""Daily jobs (run by beat through partnership.registry.add_daily_job). Idempotent."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone


@shared_task(name="actionplans.tasks.queue_update_reminders")
def queue_update_reminders(today: str | None = None) -> int:
    """Queue reminders, overdue notices and escalations; the outbox then sends the digests."""
    from partnership.tasks import send_pending_notifications

    from .reminders import queue_reminders

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    with transaction.atomic():
        count = queue_reminders(today=day)
        transaction.on_commit(send_pending_notifications.delay)
    return count


@shared_task(name="actionplans.tasks.refresh_rag")
def refresh_rag(today: str | None = None) -> int:
    """Re-derive every action's RAG as dates pass (overdue actions turn red)."""
    from .services import actions_refresh_rag

    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return actions_refresh_rag(today=day)


@shared_task(name="actionplans.tasks.purge_stale_imports")
def purge_stale_imports() -> int:
    """Daily: delete import previews nobody confirmed within a day. Idempotent."""
    from partnership.staging import purge_stale

    from .services import IMPORT_STAGING

    return purge_stale(IMPORT_STAGING, older_than=datetime.timedelta(days=1))
