"""Bulk writes that stay linear in the number of rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


def bulk_update_values(model: type[models.Model], objects: Sequence[models.Model],
                       field_names: Sequence[str], batch: int = 2000) -> int:
    """``UPDATE … FROM (VALUES …)``: one statement per batch; returns the rows updated.

    Django's ``bulk_update`` builds a CASE per field whose cost grows with the square of the
    batch size (38 s for 10,000 actions against about 2 s here). Row-level audit triggers
    still fire for every row. Identifiers come from the model's metadata; every value is a
    bound parameter.
    """
    if not objects:
        return 0
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    pk = model._meta.pk
    assert pk is not None
    pk_column = quote(str(pk.column))
    names = [quote(str(f.column)) for f in fields]  # type: ignore[union-attr]
    columns = ", ".join(names)
    assignments = ", ".join(f"{name} = v.{name}" for name in names)
    row_sql = ("(%s::" + str(pk.db_type(connection)).replace("serial", "integer") + ", "
               + ", ".join(f"%s::{f.db_type(connection)}" for f in fields) + ")")  # type: ignore[union-attr]
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch):
            chunk = objects[start:start + batch]
            params: list[Any] = []
            for obj in chunk:
                params.append(obj.pk)
                params.extend(f.get_db_prep_save(getattr(obj, f.attname), connection)  # type: ignore[union-attr]
                              for f in fields)
            values = ", ".join([row_sql] * len(chunk))
            # Reviewed (bandit B608 false positive): table and column names come from the
            # model's _meta, never from input; every value is passed as a %s parameter.
            cursor.execute(f"UPDATE {table} AS t SET {assignments} "  # noqa: S608  # nosec B608
                           f"FROM (VALUES {values}) AS v({pk_column}, {columns}) "
                           f"WHERE t.{pk_column} = v.{pk_column}", params)
            updated += cursor.rowcount
    return updated
