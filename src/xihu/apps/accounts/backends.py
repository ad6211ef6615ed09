"""Password logins: Django's ModelBackend, with the user of a session read by one plain statement.

Every request of a logged-in officer asks the backend for its user (AuthenticationMiddleware,
via django.contrib.auth.get_user, which then checks the session's password hash). ModelBackend
compiles `User.objects.get(pk=...)` each time; here the same row is read by a hand-written
SELECT of the model's columns, its values converted as the ORM converts them (the backend's and
the fields' converters: booleans and times on SQLite) and the User built with Model.from_db.
The checks are ModelBackend's: no such user gives None, and `user_can_authenticate` (is_active)
still refuses an inactive user. authenticate() and the permission methods are unchanged."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

_READERS: dict[str, tuple[str, list[str], list]] = {}  # database alias -> (sql, attnames, converters)


def _reader(alias: str):
    if alias not in _READERS:
        model = get_user_model()
        connection = connections[alias]
        fields = model._meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        sql = (f"SELECT {columns} FROM {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608  # nosec B608 - the model's columns
               f"WHERE {connection.ops.quote_name(model._meta.pk.column)} = %s")
        converters = []
        for field in fields:
            column = field.get_col(model._meta.db_table)
            converters.append((column, connection.ops.get_db_converters(column)
                               + column.get_db_converters(connection)))
        _READERS[alias] = (sql, [f.attname for f in fields], converters)
    return _READERS[alias]


class AccountBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        alias = router.db_for_read(model)
        sql, attnames, converters = _reader(alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, [model._meta.pk.get_db_prep_value(user_id, connection)])
            row = cursor.fetchone()
        if row is None:
            return None
        values = list(row)
        for i, (column, functions) in enumerate(converters):
            for convert in functions:
                values[i] = convert(values[i], column, connection)
        user = model.from_db(alias, attnames, values)
        return user if self.user_can_authenticate(user) else None
