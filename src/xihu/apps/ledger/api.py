"""Public JSON endpoints of the log (mounted at /api/ledger/): the latest signed head, heads,
entries by range, inclusion proofs (by leaf index or entry hash) and consistency proofs, all
from stored hashes (O(log n) reads per proof; nothing recomputes the log)."""

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from xihu.apps.ledger import keys, selectors
from xihu.apps.ledger.models import LedgerEntry, TreeHead
from xihu.engine import merkle

router = Router(tags=["ledger"])
MAX_RANGE = 1000


class KeyOut(Schema):
    origin: str
    public_key: str
    key_id: str


class HeadOut(Schema):
    size: int
    root_hash: str
    timestamp_ms: int
    key_id: str
    checkpoint: str


class EntryOut(Schema):
    index: int
    entry_hash: str
    uid: str
    recorded_at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    payload: dict | list | str | int | float | bool | None
    payload_digest: str


class InclusionOut(Schema):
    index: int
    size: int
    entry_hash: str
    root_hash: str
    path: list[str]


class ConsistencyOut(Schema):
    first: int
    second: int
    first_root: str
    second_root: str
    path: list[str]


def head_out(head: TreeHead) -> dict:
    return {"size": head.size, "root_hash": head.root_hash, "timestamp_ms": head.timestamp_ms,
            "key_id": head.key_id, "checkpoint": head.note}


def entry_out(entry: LedgerEntry, index: int) -> dict:
    return {"index": index, "entry_hash": entry.entry_hash, "uid": entry.uid,
            "recorded_at": entry.recorded_at, "actor": entry.actor, "action": entry.action,
            "object_type": entry.object_type, "object_id": entry.object_id,
            "payload": entry.payload, "payload_digest": entry.payload_digest}


def _latest() -> TreeHead:
    head = selectors.latest_head()
    if head is None:
        raise Http404("the log has no signed head yet")
    return head


def _root(size: int) -> str:
    head = selectors.head_of_size(size)
    return head.root_hash if head else selectors.root_at(size).hex()


@router.get("/key", response=KeyOut)
def log_key(request):
    """The log's name and Ed25519 public key: pin it to check every signed head."""
    return {"origin": keys.origin(), "public_key": keys.public_key().hex(), "key_id": keys.key_id()}


@router.get("/head", response=HeadOut)
def latest_head(request):
    """The latest signed tree head (a checkpoint note signed with the log's key)."""
    return head_out(_latest())


@router.get("/heads", response=list[HeadOut])
def heads(request, after_size: int = -1, limit: int = 100):
    """Signed heads with size above `after_size`, smallest first (at most 1000)."""
    limit = max(1, min(limit, MAX_RANGE))
    return [head_out(h) for h in TreeHead.objects.filter(size__gt=after_size).order_by("size")[:limit]]


@router.get("/entries", response=list[EntryOut])
def entries(request, start: int = 0, end: int | None = None):
    """Entries with leaf index in [start, end): at most 1000, only those in a signed head."""
    end = start + MAX_RANGE if end is None else end
    if start < 0 or end - start > MAX_RANGE:
        raise HttpError(400, f"ask for at most {MAX_RANGE} entries from index 0 on")
    end = min(_latest().size, end)
    return [entry_out(e, start + i) for i, e in enumerate(selectors.ledger_entries_range(start, max(start, end)))]


@router.get("/entries/{index}", response=EntryOut)
def entry(request, index: int):
    found = selectors.ledger_entry_by_index(index)
    if found is None or index >= _latest().size:
        raise Http404("no entry with that index in a signed head")
    return entry_out(found, index)


@router.get("/proof/inclusion", response=InclusionOut, url_name="inclusion")
def inclusion(request, index: int | None = None, entry_hash: str = "", size: int | None = None):
    """The audit path of an entry (by leaf index or entry hash) to the head of `size` (default:
    the latest signed head), RFC 9162 2.1.3."""
    latest = _latest()
    size = latest.size if size is None else size
    if not 0 < size <= latest.size:
        raise HttpError(400, f"the tree size must be between 1 and {latest.size}")
    if entry_hash:
        found = selectors.ledger_entry_by_hash(entry_hash)
        if found is None or found.index is None:
            raise Http404("no entry with that hash in the log")
        index = found.index
    elif index is None:
        raise HttpError(400, "give index or entry_hash")
    else:
        found = selectors.ledger_entry_by_index(index)
    if found is None or not 0 <= index < size:
        raise HttpError(400, f"entry {index} is not in the tree of size {size}")
    return {"index": index, "size": size, "entry_hash": found.entry_hash, "root_hash": _root(size),
            "path": [h.hex() for h in selectors.inclusion_proof(index, size)]}


@router.get("/proof/consistency", response=ConsistencyOut)
def consistency(request, first: int, second: int | None = None):
    """The proof that the tree of `first` leaves is the beginning of the tree of `second`
    (default: the latest signed head), RFC 9162 2.1.4."""
    latest = _latest()
    second = latest.size if second is None else second
    if not 0 <= first <= second <= latest.size:
        raise HttpError(400, f"need 0 <= first <= second <= {latest.size}")
    return {"first": first, "second": second, "first_root": _root(first) if first else merkle.EMPTY_ROOT.hex(),
            "second_root": _root(second),
            "path": [h.hex() for h in selectors.consistency_proof(first, second)]}


class CosignatureIn(Schema):
    witness: str
    size: int
    root_hash: str
    time: int
    signature: str


class CosignatureOut(Schema):
    status: str
    witness: str
    size: int
    root_hash: str


class WitnessedOut(Schema):
    witness: str
    public_key: str
    size: int
    root_hash: str
    time: int
    signature: str


@router.post("/cosignatures", response=CosignatureOut)
def cosign(request, body: CosignatureIn):
    """A registered witness sends its Ed25519 cosignature of a head it checked (the message
    "cosignature/v1\\ntime <time>\\n" + the checkpoint body); authenticated by the signature."""
    from xihu.apps.ledger.witnesses import cosignature_add
    from xihu.errors import Refused

    try:
        done = cosignature_add(witness=body.witness, size=body.size, root_hash=body.root_hash,
                               time_s=body.time, signature=body.signature)
    except Refused as refusal:
        raise HttpError(400, " ".join(refusal.reasons)) from None
    return {"status": "stored", "witness": done.witness.name, "size": done.head.size,
            "root_hash": done.head.root_hash}


@router.get("/cosignatures", response=list[WitnessedOut])
def cosignatures(request, limit: int = 100):
    """The latest cosignatures: which heads which witnesses have checked."""
    return [{"witness": c.witness.name, "public_key": c.witness.public_key, "size": c.head.size,
             "root_hash": c.head.root_hash, "time": c.time_s, "signature": c.signature}
            for c in selectors.witnessed_heads(max(1, min(limit, MAX_RANGE)))]
