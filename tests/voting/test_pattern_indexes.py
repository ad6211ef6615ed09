"""On PostgreSQL the hashes a voter's cast and the log's append write are indexed once (unique,
for equality and order), without Django's second LIKE-pattern index (voting migration 0007,
ledger migration 0007). The receipt and paging tests show they are still found and ordered."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

HASHES = (("voting_spenttoken", "nonce_hash"), ("voting_ballotreceipt", "receipt_hash"),
          ("ledger_ledgerentry", "entry_hash"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pattern index is PostgreSQL's")
def test_the_hashes_have_one_index_each():
    with connection.cursor() as cursor:
        for table, column in HASHES:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [table])
            on_column = [d for (d,) in cursor.fetchall() if f"({column}" in d]
            assert len(on_column) == 1 and "UNIQUE" in on_column[0], (table, on_column)
            assert "pattern_ops" not in on_column[0]
