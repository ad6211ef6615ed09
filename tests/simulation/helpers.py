"""Running a simulation twice in one test database: the first run is rolled back (and on
PostgreSQL the id sequences are put back), so both runs start from the same state."""

import re

from django.db import connection, transaction

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.simulation.runner import simulate

COVER_RECEIPTS = {"proposal.import", "summary.report"}
RECEIPT = re.compile(r"\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b")


class _Rollback(Exception):
    pass


def _sequences() -> list[tuple[str, int, bool]]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT schemaname || '.' || sequencename FROM pg_sequences")
        names = [row[0] for row in cursor.fetchall()]
        out = []
        for name in names:
            cursor.execute(f"SELECT last_value, is_called FROM {name}")  # noqa: S608 - names from the catalogue
            last, called = cursor.fetchone()
            out.append((name, last, called))
    return out


def _restore(sequences) -> None:
    with connection.cursor() as cursor:
        for name, last, called in sequences:
            cursor.execute("SELECT setval(%s, %s, %s)", [name, last, called])


def log_contents(since: int) -> list[tuple]:
    """The log's entries after `since`, without what differs by nature between runs: entry ids,
    times and the hashes over them; receipt codes (random by design, so nobody can guess one)
    are numbered in order of appearance, and the digests that cover receipt codes (a proposal
    import's, a summary table's, a seal's of its voters' receipts) are left out."""
    numbers: dict[str, str] = {}

    def receipt(match):
        return numbers.setdefault(match.group(0), f"R{len(numbers)}")

    rows = LedgerEntry.objects.filter(pk__gt=since).order_by("pk").values_list(
        "actor", "action", "object_type", "object_id", "payload")
    out = []
    for actor, action, kind, oid, payload in rows:
        if action in COVER_RECEIPTS:
            payload = {**payload, "digest": "(covers receipt codes)"}
        if "receipts_digest" in payload:  # a seal's digest of its period's voting receipts
            payload = {**payload, "receipts_digest": "(covers receipt codes)"}
        out.append((actor, action, kind, oid, RECEIPT.sub(receipt, repr(payload))))
    return out


def run_and_forget(params) -> tuple[dict, list[tuple]]:
    """Simulate, read the figures and the log, then roll everything back."""
    sequences = _sequences()
    since = LedgerEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    found = {}
    try:
        with transaction.atomic():
            outcome = simulate(params=params)
            found["figures"], found["log"] = outcome.figures, log_contents(since)
            raise _Rollback
    except _Rollback:
        pass
    _restore(sequences)
    return found["figures"], found["log"]
