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


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT `rows` (tuples of values in `fields` order; a foreign key by its attname, e.g.
    `box_id`) into the model's table, in the caller's transaction. Returns the rows written.

    Many rows per statement, as many as the database takes parameters (what bulk_create does):
    SQLite ends every statement with a savepoint release whose cost grows with the transaction,
    so one statement per row (executemany) is slower than the ORM on a large load."""
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    model_fields = [by_attname[name] for name in fields]
    converters = [(i, c) for i, c in enumerate(_converter(f) for f in model_fields) if c]
    quote = connection.ops.quote_name
    head = (f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in model_fields)}) "  # noqa: S608  # nosec B608 - names from the model
            "VALUES ")
    one = f"({', '.join(['%s'] * len(fields))})"
    per_statement = max(1, min(connection.ops.bulk_batch_size(model_fields, [None] * 2000), 60_000 // len(fields)))
    written = 0
    batch: list = []

    def flush(cursor) -> None:
        nonlocal written, batch
        cursor.execute(head + ", ".join([one] * (len(batch) // len(fields))), batch)
        written += len(batch) // len(fields)
        batch = []

    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i, convert in converters:
                values[i] = convert(values[i])
            batch.extend(values)
            if len(batch) >= per_statement * len(fields):
                flush(cursor)
        if batch:
            flush(cursor)
    return written
