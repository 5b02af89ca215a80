"""Celery tasks for priorities."""

from __future__ import annotations

import datetime

from celery import shared_task

from partnership.staging import purge_stale


def purge_stale_import_files(*, older_than: datetime.timedelta) -> int:
    """Delete import previews nobody confirmed; returns how many files went."""
    from .services import IMPORT_STAGING

    return purge_stale(IMPORT_STAGING, older_than=older_than)


@shared_task(name="priorities.tasks.purge_stale_imports")
def purge_stale_imports() -> int:
    """Daily (through the registry): idempotent, takes no arguments."""
    return purge_stale_import_files(older_than=datetime.timedelta(days=1))
