"""Celery tasks for priorities."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.core.files.storage import default_storage
from django.utils import timezone

IMPORT_STASH = "measure-imports"


def purge_stale_import_files(*, older_than: datetime.timedelta) -> int:
    """Delete import previews nobody confirmed; returns how many files went."""
    try:
        _dirs, files = default_storage.listdir(IMPORT_STASH)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in files:
        path = f"{IMPORT_STASH}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed


@shared_task(name="priorities.tasks.purge_stale_imports")
def purge_stale_imports() -> int:
    """Daily (through the registry): idempotent, takes no arguments."""
    return purge_stale_import_files(older_than=datetime.timedelta(days=1))
