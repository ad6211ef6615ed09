"""Fixtures for the log's tests: entries written by services, integrated in process."""

import pytest
from django.db import connection

from xihu.apps.ledger import guards
from xihu.apps.ledger.sequencer import integrate_pending
from xihu.apps.ledger.services import ledger_append


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def write_entries(n, start=0):
    for i in range(start, start + n):
        ledger_append(actor="tester", action="test.step", object_type="test", object_id=str(i),
                      payload={"i": i, "note": f"第{i}步"})


@pytest.fixture
def logged(db):
    """Six entries in two signed heads (sizes 3 and 6)."""
    write_entries(3)
    integrate_pending()
    write_entries(3, start=3)
    integrate_pending()


class GuardsDropped:
    """Drop a table's guards as a database administrator would, and put them back after."""

    def __init__(self, *tables):
        self.tables = tables or guards.LOG_TABLES

    def __enter__(self):
        for table in self.tables:
            guards.apply(connection, table, install=False)
        return self

    def __exit__(self, *exc):
        for table in self.tables:
            guards.apply(connection, table, install=True)


@pytest.fixture
def admin_client_user(db):
    """The superuser that the district admin logs into /admin/ with."""
    from xihu.apps.accounts.models import User

    return User.objects.create_superuser("root", password="x-very-long-passw0rd")
