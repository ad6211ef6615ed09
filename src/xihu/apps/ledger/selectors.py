"""Reading the log: the latest signed head, entries by index or hash, proofs, and the check of
the whole log against its signed heads (the last for `xihu ledger verify`, never per request)."""

from collections.abc import Iterator

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from xihu.apps.ledger import keys
from xihu.apps.ledger.models import LedgerEntry, LedgerLeaf, TreeHead
from xihu.engine import checkpoint, merkle
from xihu.engine import ledger as log


class MissingNode(LookupError):
    """A stored subtree hash the tree needs is not in the database."""


def latest_head() -> TreeHead | None:
    return TreeHead.objects.order_by("-size").first()


ledger_head = latest_head


def head_of_size(size: int) -> TreeHead | None:
    return TreeHead.objects.filter(size=size).first()


def ledger_recent(limit: int = 50) -> list[LedgerEntry]:
    return [leaf.entry for leaf in LedgerLeaf.objects.select_related("entry").order_by("-index")[:limit]]


def ledger_entry_by_hash(entry_hash: str) -> LedgerEntry | None:
    return (LedgerEntry.objects.select_related("leaf")
            .filter(entry_hash=(entry_hash or "").strip().lower()).first())


def ledger_entry_by_index(index: int) -> LedgerEntry | None:
    leaf = LedgerLeaf.objects.select_related("entry").filter(index=index).first()
    return leaf.entry if leaf else None


def ledger_entries_range(start: int, end: int) -> list[LedgerEntry]:
    """Integrated entries with leaf index in [start, end), in order."""
    return [leaf.entry for leaf in LedgerLeaf.objects.select_related("entry")
            .filter(index__gte=start, index__lt=end).order_by("index")]


def ledger_entries_for(obj) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)))


def pending_entries():
    """Entries written but not yet in the tree."""
    return LedgerEntry.objects.filter(leaf__isnull=True).order_by("pk")


def read_nodes(wanted: set[merkle.Node]) -> dict[merkle.Node, bytes]:
    """The stored hashes of these perfect subtrees, in one query."""
    rows = dict(LedgerLeaf.objects.filter(index__in={merkle.completing_leaf(n) for n in wanted})
                .values_list("index", "hashes"))
    out = {}
    for level, k in wanted:
        stored = rows.get(merkle.completing_leaf((level, k)), "")
        if len(stored) < 64 * (level + 1):
            raise MissingNode(f"the hash of subtree {level}/{k} is missing from the log")
        out[(level, k)] = bytes.fromhex(stored[64 * level: 64 * (level + 1)])
    return out


def tree_size() -> int:
    last = LedgerLeaf.objects.order_by("-index").values_list("index", flat=True).first()
    return 0 if last is None else last + 1


def root_at(size: int) -> bytes:
    return merkle.stored_root(size, read_nodes)


def inclusion_proof(index: int, size: int) -> list[bytes]:
    return merkle.stored_inclusion_proof(index, size, read_nodes)


def consistency_proof(first: int, second: int) -> list[bytes]:
    return merkle.stored_consistency_proof(first, second, read_nodes)


def public_key_hex() -> str:
    return keys.public_key().hex()


def head_problem(head: TreeHead, public_key: bytes | None = None) -> str:
    """Why a stored head is not a valid signed checkpoint of its size and root, or ""."""
    public_key = public_key or keys.public_key()

    def verify(key: bytes, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    try:
        body = checkpoint.open_note(head.note, keys.origin(), public_key, verify)
        parsed = checkpoint.parse_checkpoint(body)
    except checkpoint.BadNote as bad:
        return f"signed head of size {head.size}: {bad}"
    if parsed["size"] != head.size or parsed["root"].hex() != head.root_hash:
        return f"signed head of size {head.size}: the stored size or root differs from what was signed"
    return ""


def _stored_entries() -> Iterator[log.Entry]:
    for leaf in LedgerLeaf.objects.select_related("entry").order_by("index").iterator(chunk_size=2000):
        e = leaf.entry
        yield log.Entry(index=leaf.index, uid=e.uid, recorded_at=e.recorded_at, actor=e.actor,
                        action=e.action, object_type=e.object_type, object_id=e.object_id,
                        payload_digest=e.payload_digest, entry_hash=e.entry_hash, payload=e.payload)


def ledger_verify(extra_heads: list[tuple[int, str]] = ()) -> log.LogReport:
    """Every leaf recomputed from its entry, every signed head's signature and root, and every
    entry of the table in the tree (a whole-log walk: for the command, never per request).
    `extra_heads` are (size, root hex) noted elsewhere, e.g. by a witness."""
    heads = list(TreeHead.objects.order_by("size"))
    for head in heads:
        problem = head_problem(head)
        if problem:
            return log.LogReport(False, 0, "", 0, head.size, problem)
    report = log.verify_log(_stored_entries(), [(h.size, h.root_hash) for h in heads] + list(extra_heads))
    if not report.ok:
        return report
    if heads and heads[-1].size != report.entries:
        return log.LogReport(False, report.entries, report.root, report.heads_checked, heads[-1].size,
                             f"the tree has {report.entries} leaves, the latest signed head "
                             f"{heads[-1].size}: leaves were added without the sequencer")
    for entry in pending_entries().iterator(chunk_size=2000):
        problem = log.entry_problem(entry.hashed_fields(), entry.entry_hash)
        if problem:
            return log.LogReport(False, report.entries, report.root, report.heads_checked, None,
                                 f"entry {entry.uid} waits outside the tree: {problem}")
    return report


def witnessed_heads(limit: int = 20) -> list:
    """The latest heads that registered witnesses have checked and cosigned (newest first)."""
    try:
        from xihu.apps.ledger.models import WitnessCosignature
    except ImportError:
        return []
    return list(WitnessCosignature.objects.select_related("witness", "head")
                .order_by("-head__size", "witness__name")[:limit])


def actor_names(usernames) -> dict[str, str]:
    """Display names of the people among `usernames` (one read for a whole page of entries)."""
    from django.contrib.auth import get_user_model

    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    rows = get_user_model().objects.filter(username__in=wanted).values_list("username", "display_name")
    return {username: name for username, name in rows if name}
