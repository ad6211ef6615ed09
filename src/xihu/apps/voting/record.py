"""The published record (record.json) in pages of a bounded size: the cast ballots by random id
and the receipt hashes by hash, walked side by side; each page names the cursors of the next,
so every ballot and every receipt is on exactly one page."""

import re
import uuid

from xihu.apps.editions.models import Edition
from xihu.apps.voting import selectors

RECORD_PAGE = 1_000
_HASH = re.compile(r"[0-9a-f]{64}")


class BadCursor(ValueError):
    pass


def cursors(after: str, receipts_after: str) -> tuple[str, str]:
    """The two cursors of a request, checked (BadCursor when one is not a cursor)."""
    try:
        after = str(uuid.UUID(after)) if after else ""
    except ValueError:
        raise BadCursor("after") from None
    if receipts_after and not _HASH.fullmatch(receipts_after):
        raise BadCursor("receipts_after")
    return after, receipts_after


def record_page(edition: Edition, *, after: str = "", receipts_after: str = "",
                size: int | None = None) -> dict:
    """One page: at most `size` cast ballots after the id `after` and at most `size` receipts
    after the hash `receipts_after`; `next` holds the cursors of the next page (None: the last)."""
    size = size or RECORD_PAGE
    ballots = selectors.cast_ballot_export(edition, after=after, limit=size)
    receipts = [{"box": box, "receipt_hash": digest}
                for box, digest in selectors.receipt_rows(edition, after=receipts_after, limit=size)]
    more = len(ballots) == size or len(receipts) == size
    following = {"after": ballots[-1]["id"] if ballots else after,
                 "receipts_after": receipts[-1]["receipt_hash"] if receipts else receipts_after}
    return {"edition": edition.slug, "page_size": size, "cast_ballots": ballots, "receipts": receipts,
            "next_after": ballots[-1]["id"] if len(ballots) == size else None,
            "next": {k: v for k, v in following.items() if v} if more else None}
