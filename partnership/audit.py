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


# pghistory's _pgh_attach_context() (called by every audit trigger, once per row) reads the
# context settings inside BEGIN … EXCEPTION: outside a `pghistory.context` they are undefined,
# the read raises and is caught, which costs more per row the bigger the statement. This
# version reads them with `missing_ok` (no exception) and otherwise does the same: the event is
# attached to the context when one is set, else to none. Installed after every migrate (the
# same way pghistory installs its own with PGHISTORY_INSTALL_CONTEXT_FUNC_ON_MIGRATE).
ATTACH_CONTEXT_SQL = """
CREATE OR REPLACE FUNCTION _pgh_attach_context()
RETURNS pghistory_context.id%TYPE AS $$
    DECLARE
        _pgh_context_id UUID;
        _pgh_context_metadata JSONB;
    BEGIN
        _pgh_context_id := NULLIF(CURRENT_SETTING('pghistory.context_id', TRUE), '');
        _pgh_context_metadata := NULLIF(CURRENT_SETTING('pghistory.context_metadata', TRUE), '');
        IF _pgh_context_id IS NOT NULL AND _pgh_context_metadata IS NOT NULL THEN
            INSERT INTO pghistory_context (id, metadata, created_at, updated_at)
                VALUES (_pgh_context_id, _pgh_context_metadata, NOW(), NOW())
                ON CONFLICT (id) DO UPDATE
                    SET metadata = EXCLUDED.metadata,
                        updated_at = EXCLUDED.updated_at
                    WHERE pghistory_context.metadata != EXCLUDED.metadata;
            RETURN _pgh_context_id;
        ELSE
            RETURN NULL;
        END IF;
    END;
$$ LANGUAGE plpgsql;
"""


def install_attach_context(using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: (re)install the exception-free _pgh_attach_context()."""
    from django.db import connections

    with connections[using].cursor() as cursor:
        cursor.execute(ATTACH_CONTEXT_SQL)
