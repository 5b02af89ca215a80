"""The audit trail: every domain model is tracked by django-pghistory triggers.

Inserts, updates and deletes are recorded in the database itself, so bulk updates are caught
too. The request's user and URL are attached by ``pghistory.middleware.HistoryMiddleware``;
services run outside a request wrap their work in ``pghistory.context(user=..., reason=...)``.
"""

from __future__ import annotations

from typing import Any

import pghistory


def audited(**options: Any) -> Any:
    """Class decorator: track inserts, updates and deletes of a model."""
    return pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(),
                           pghistory.DeleteEvent(), **options)
