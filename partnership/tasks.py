"""Celery tasks of the core. Feature apps add their daily jobs through the registry."""

from __future__ import annotations

from celery import shared_task

from .registry import registry


@shared_task(name="partnership.tasks.run_daily_reminders")
def run_daily_reminders() -> list[str]:
    """Beat runs this once a day; it enqueues each feature app's daily job."""
    from config.celery import app

    for task_name in registry.daily_jobs:
        app.send_task(task_name)
    return list(registry.daily_jobs)


@shared_task(name="partnership.tasks.send_pending_notifications")
def send_pending_notifications() -> dict[str, int]:
    """Send each person's digest of pending notifications (exactly once; safe to run anytime)."""
    from dataclasses import asdict

    from .notifications import send_pending

    return asdict(send_pending())
