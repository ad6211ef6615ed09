"""Plain multi-row INSERTs for the batch services that write tens of thousands of rows at once
(a voting week's registrations, a count's paper entries and ballots).

`Model.objects.bulk_create` builds a model instance per row and prepares every value of every
instance through the ORM's compiler: on the pilot's 566,000 paper rows that was three quarters
of the paper entry's time, the database's own work a quarter. Here the caller gives plain
tuples in a fixed column order; values that need the database's form (times, JSON, UUIDs) go
through their field's own `get_db_prep_save`, the others (keys, numbers, text) as they are. No
ids come back: use it for rows whose key the caller makes (UUIDs) or does not need."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models

# Field types whose Python value is what the database takes, on SQLite and PostgreSQL alike
# (integer keys, numbers, text); a foreign key is as its target field.
_AS_IS = (models.CharField, models.TextField, models.IntegerField)


def _converter(field: models.Field):
    target = field.target_field if isinstance(field, models.ForeignKey) else field
    if isinstance(target, _AS_IS):  # AutoField, BigAutoField, PositiveIntegerField... included
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence],
                *, batch_size: int = 2000) -> int:
    """INSERT `rows` (tuples of values in `fields` order; a foreign key by its attname, e.g.
    `box_id`) into the model's table, in the caller's transaction. Returns the rows written."""
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    columns = [by_attname[name].column for name in fields]
    converters = [(i, c) for i, c in enumerate(_converter(by_attname[name]) for name in fields) if c]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608  # nosec B608 - names from the model
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    written = 0
    batch: list[list] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i, convert in converters:
                values[i] = convert(values[i])
            batch.append(values)
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
