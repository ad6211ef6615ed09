"""The public log (ledger.json), read once, entry by entry: each entry against its hash, the
Merkle root against the signed head and any head kept earlier, and on the way what the other
checks need from it (freezes, seals, closed counts, results, the evaluation's acts)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .checkpoint import BadNote, open_note, parse_checkpoint, split_note
from .ed25519 import ed25519_verify
from .entries import entry_problem
from .merkle import frontier_append, frontier_root

# the acts evaluation.py checks the evaluation's facts against
EVALUATION_ACTIONS = frozenset({"proposal.exclude", "proposal.review", "edition.plan_stage",
                                "edition.advance", "edition.create", "results.confirm"})


class LogFacts:
    """One pass over the entries: the tree they form (up to the first bad entry) and the facts
    the other checks read; memory grows with ballots and boxes, not with the log."""

    def __init__(self, edition: str = "", head_sizes: Iterable[int] = ()) -> None:
        self.edition = edition
        self.frontier: list = []
        self.count = 0
        self.problem = ""
        self.roots_at = {size: None for size in head_sizes}
        if 0 in self.roots_at:
            self.roots_at[0] = frontier_root([])
        self.frozen: dict = {}  # (unit, kind) -> the freeze's payload
        self.last_seal: dict = {}  # box key -> (action, payload)
        self.closed: dict = {}  # box key -> ballots digest at the close of the count
        self.results: dict = {}  # ballot id -> the latest results.select payload
        self.boxes: dict = {}  # (community, station, box) -> ballots counted at the close
        self.evaluation: list[dict] = []

    @property
    def root(self) -> bytes:
        return frontier_root(self.frontier)

    def add(self, entry: dict) -> None:
        if not self.problem:
            self._hash(entry)
        self._gather(entry)

    def _hash(self, entry: dict) -> None:
        count = self.count
        if entry.get("index") != count:
            self.problem = f"ledger entry {entry.get('index')}: found where {count} was expected"
            return
        try:
            problem = entry_problem(entry, entry["entry_hash"])
        except KeyError as missing:
            problem = f"the field {missing} is missing"
        if problem:
            self.problem = f"ledger entry {count}: {problem}"
            return
        frontier_append(self.frontier, bytes.fromhex(entry["entry_hash"]))
        self.count = count + 1
        if self.count in self.roots_at:
            self.roots_at[self.count] = frontier_root(self.frontier)

    def _gather(self, entry: dict) -> None:
        action = entry.get("action")
        payload = entry.get("payload") or {}
        if action == "ballots.freeze" and payload.get("edition") == self.edition:
            self.frozen[(payload.get("unit"), payload.get("kind"))] = payload
        elif action in ("voting.box_seal", "voting.box_reopen") and "box_key" in payload:
            self.last_seal[payload["box_key"]] = (action, payload)
        elif action == "results.select":
            self.results[payload["ballot"]] = payload
        elif action == "results.session_close":
            for box in (payload.get("boxes") or {}).values():
                if "box_key" in box:
                    self.closed[box["box_key"]] = box.get("ballots_digest")
                self.boxes[(payload["community"], box["station"], box["box"])] = box["counted"]
        if action in EVALUATION_ACTIONS:
            self.evaluation.append(entry)


def check_log(entries: Iterable[dict]) -> tuple[bytes, str]:
    """(root of the entries' tree, first problem or ""): each entry must be the next leaf and
    hold what its hash says (a missing or null payload is a problem)."""
    facts = LogFacts()
    for entry in entries:
        facts.add(entry)
        if facts.problem:
            break
    return facts.root, facts.problem


def open_head(note: str, origin: str, public_key: bytes) -> dict:
    """The checkpoint of a signed head, once its signature verifies (BadNote otherwise)."""
    return parse_checkpoint(open_note(note, origin, public_key, ed25519_verify))


def head_size(note: str) -> int | None:
    """The size a signed head claims, before its signature is checked (None if unreadable)."""
    try:
        return parse_checkpoint(split_note(note)[0])["size"]
    except BadNote:
        return None


def read_ledger(export, edition: str, heads: Sequence[str]) -> tuple[dict, LogFacts]:
    """(the ledger's other members: origin, public_key, head; the facts of its entries)."""
    facts = LogFacts(edition, [s for s in map(head_size, heads) if s is not None])
    ledger: dict = {}
    for name, value in export.members("ledger.json", "entries"):
        if name == "entries":
            for entry in value:
                facts.add(entry)
            ledger["entries"] = True
        else:
            ledger[name] = value
    if "entries" not in ledger:
        raise KeyError("entries")
    return ledger, facts


def check_ledger(report, ledger: dict, facts: LogFacts, manifest: dict, *, key: str = "",
                 heads: Sequence[str] = ()) -> None:
    if facts.problem:
        report.problem(facts.problem)
        return
    root, size = facts.root, facts.count
    origin = ledger.get("origin", "")
    if key:
        public_key = bytes.fromhex(key)
        if ledger.get("public_key") != key.lower():
            report.problem(f"ledger: the export names public key {ledger.get('public_key')}, not the key {key} you gave")
    else:
        public_key = bytes.fromhex(ledger.get("public_key") or "00" * 32)
    head = ledger.get("head") or {}
    try:
        signed = open_head(head.get("checkpoint", ""), origin, public_key)
    except BadNote as bad:
        report.problem(f"ledger: the export's signed head: {bad}")
        return
    if signed["size"] != size or signed["root"] != root:
        report.problem(f"ledger: the signed head covers {signed['size']} entries with root "
                       f"{signed['root'].hex()}, the exported entries give {size} with root {root.hex()}")
        return
    if (manifest.get("ledger_head") or {}).get("root_hash") != root.hex():
        report.problem("ledger: the manifest names another head than the signed one")
    report.ok(f"ledger: {size} entries, Merkle root {root.hex()} matches the head signed by "
              f"{origin} ({'the key you gave' if key else 'the key in the export'})")
    for text in heads:
        try:
            noted = open_head(text, origin, public_key)
        except BadNote as bad:
            report.problem(f"--head: {bad}")
            continue
        if noted["size"] > size:
            report.problem(f"--head: the head you gave covers {noted['size']} entries, this export only "
                           f"{size}: the log was cut, or the export is older than your head")
        elif facts.roots_at.get(noted["size"]) != noted["root"]:
            report.problem(f"--head: the head you gave ({noted['size']} entries, root {noted['root'].hex()}) "
                           "is not the beginning of this export's log: history was rewritten")
        else:
            report.ok(f"--head: the head you gave ({noted['size']} entries) is the beginning of this export's log")
