"""ledger.json: the public log up to its latest signed head, written entry by entry."""

from xihu.apps.ledger import keys
from xihu.apps.ledger import selectors as ledger_selectors
from xihu.apps.ledger.models import LedgerLeaf

from .sinks import dumps, write_array


def write_ledger(sink) -> dict:
    """Every entry with its payload, the head, the log's name and public key (compare the key
    with the one the platform and witnesses publish); returns the head and key written."""
    head = ledger_selectors.latest_head()
    size = head.size if head else 0
    entries = (
        {"index": leaf.index, "uid": e.uid, "recorded_at": e.recorded_at, "actor": e.actor,
         "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
         "payload_digest": e.payload_digest, "entry_hash": e.entry_hash, "payload": e.payload}
        for leaf in LedgerLeaf.objects.filter(index__lt=size).select_related("entry")
        .order_by("index").iterator(chunk_size=2000)
        for e in [leaf.entry]
    )
    rest = {"head": {"size": head.size, "root_hash": head.root_hash, "checkpoint": head.note} if head else None,
            "origin": keys.origin(), "public_key": keys.public_key().hex()}
    with sink.open("ledger.json") as stream:
        stream.write(b'{"entries":')
        write_array(stream, entries)
        for name in sorted(rest):
            stream.write(b"," + dumps(name, compact=True) + b":" + dumps(rest[name], compact=True))
        stream.write(b"}")
    return rest
