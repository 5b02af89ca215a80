"""Uploaded files parked between an import's preview and its confirmation.

A preview stages the upload under ``<folder>/<token>`` in the default storage and keeps the
token in the session; the confirmation reads it back and discards it. Previews nobody confirms
are purged by each app's daily job (:func:`purge_stale`), so they never pile up.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone


def stage(folder: str, content: bytes) -> str:
    """Keep ``content``; returns the token that finds it again."""
    token = uuid.uuid4().hex
    default_storage.save(f"{folder}/{token}", ContentFile(content))
    return token


def _path(folder: str, token: str) -> str | None:
    try:
        return f"{folder}/{uuid.UUID(token).hex}"
    except (TypeError, ValueError, AttributeError):
        return None


def read(folder: str, token: str) -> bytes | None:
    """The staged bytes, or None when the token is malformed, unknown or purged."""
    path = _path(folder, token)
    if path is None or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as handle:
        return handle.read()  # type: ignore[no-any-return]


def discard(folder: str, token: str) -> None:
    path = _path(folder, token)
    if path is not None and default_storage.exists(path):
        default_storage.delete(path)


def purge_stale(folder: str, *, older_than: datetime.timedelta) -> int:
    """Delete staged files older than ``older_than``; returns how many went. Idempotent."""
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in files:
        path = f"{folder}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
