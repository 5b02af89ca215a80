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
