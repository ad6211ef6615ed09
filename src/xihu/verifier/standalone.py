#!/usr/bin/env python3
"""Independent verifier of a Xihu participatory-budgeting export.

    python verify.py EXPORT_DIR [--key PUBLIC_KEY_HEX] [--head SIGNED_HEAD_FILE ...]

Standard library only: no Django, no numpy, nothing from the platform. It reads the export
(`xihu export --out DIR`, or the zip from a results page, unpacked) and

1. recounts every ballot from the ballot papers (papers.json): a paper ruled invalid at entry
   stays invalid; otherwise more marks than allowed, an unknown or repeated project make it
   invalid, no mark makes it blank, and each project marked gets one vote;
2. recomputes the winners with the stated rule (greedy by votes, skipping what does not fit,
   or stopping at the first that does not; projects need at least `min_votes` votes) and the
   stated tie-break (cost: cheaper first; order: ballot order; refuse: report the tie);
3. checks the stated results (results.json), the per-box totals (boxes.json) and the pabulib
   files against the recount;
4. checks the public log (ledger.json): every entry against its hash (a missing payload is a
   problem), the Merkle root of all entries (RFC 9162) against the export's Ed25519-signed tree
   head, any head you kept (--head) against the beginning of the log, and the stated results
   against what the log recorded when the count closed.
5. judges the three tests again from evaluation.json with evaluation.py, when that file is
   beside this one (it is in the export), and checks their facts against the log.

Prints one line per check; exits 0 when everything agrees, 1 when a problem is found and 2
when the export cannot be read.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import csv
import hashlib
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path


class Unreadable(Exception):
    pass


# --- the public log: the same definitions as the platform's (copied from xihu.engine) ---------

# --- begin shared verification core (copied verbatim from xihu/engine/merkle.py) ---

EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162 2.1.1: the hash of a leaf is SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 2.1.1: the hash of an interior node is SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def frontier_append(frontier: list, leaf: bytes) -> list:
    """Add one leaf hash to a frontier (the perfect subtrees covering the tree, largest first,
    as [level, hash] pairs); returns the hashes this leaf completes: the leaf itself, then one
    interior node per level it closes."""
    completed, level, current = [leaf], 0, leaf
    while frontier and frontier[-1][0] == level:
        current = node_hash(frontier.pop()[1], current)
        level += 1
        completed.append(current)
    frontier.append([level, current])
    return completed


def frontier_root(frontier: Sequence) -> bytes:
    """The root of the tree a frontier covers: its subtrees folded from the right."""
    if not frontier:
        return EMPTY_ROOT
    root = frontier[-1][1]
    for _level, subtree in reversed(frontier[:-1]):
        root = node_hash(subtree, root)
    return root


def root_of(leaf_hashes: Iterable[bytes]) -> bytes:
    """The root of the tree with these leaf hashes, in one pass and O(log n) memory."""
    frontier: list = []
    for leaf in leaf_hashes:
        frontier_append(frontier, leaf)
    return frontier_root(frontier)


def verify_inclusion(index: int, size: int, leaf: bytes, path: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 2.1.3.2: is `leaf` the leaf at `index` of the tree of `size` with `root`?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes,
                       path: Sequence[bytes]) -> bool:
    """RFC 9162 2.1.4.2: is the tree of `first` leaves with `first_root` the beginning of the
    tree of `second` leaves with `second_root`? The empty tree begins every tree; a tree is
    consistent with itself by an empty proof."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not path and first_root == second_root
    if first == 0:
        return not path
    if not path:
        return False
    path = list(path)
    if first & (first - 1) == 0:  # an exact power of two: its root is the first node
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == first_root and sr == second_root

# --- end shared verification core ---

# --- begin shared ed25519 core (copied verbatim from xihu/engine/ed25519.py) ---

_P = 2**255 - 19
_Q = 2**252 + 27742317777372353535851937790883648493  # the order of the base point
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _point_add(a: tuple, b: tuple) -> tuple:
    x = (a[1] - a[0]) * (b[1] - b[0]) % _P
    y = (a[1] + a[0]) * (b[1] + b[0]) % _P
    c = 2 * a[3] * b[3] * _D % _P
    d = 2 * a[2] * b[2] % _P
    e, f, g, h = y - x, d - c, d + c, y + x
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _point_mul(s: int, point: tuple) -> tuple:
    result = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            result = _point_add(result, point)
        point = _point_add(point, point)
        s >>= 1
    return result


def _point_equal(a: tuple, b: tuple) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    if x & 1 != sign:
        x = _P - x
    return x


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0)
_G = (_GX, _GY, 1, _GX * _GY % _P)


def _compress(point: tuple) -> bytes:
    zinv = pow(point[2], _P - 2, _P)
    x, y = point[0] * zinv % _P, point[1] * zinv % _P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _decompress(data: bytes) -> tuple | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


def _hash_int(data: bytes) -> int:
    return int.from_bytes(hashlib.sha512(data).digest(), "little") % _Q


def _expand(seed: bytes) -> tuple[int, bytes]:
    if len(seed) != 32:
        raise ValueError("an Ed25519 private key is 32 bytes")
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little") & ((1 << 254) - 8) | (1 << 254)
    return a, h[32:]


def ed25519_public_key(seed: bytes) -> bytes:
    """The 32-byte public key of a 32-byte private key (seed)."""
    return _compress(_point_mul(_expand(seed)[0], _G))


def ed25519_sign(seed: bytes, message: bytes) -> bytes:
    """RFC 8032 5.1.6: the 64-byte signature of `message`."""
    a, prefix = _expand(seed)
    public = _compress(_point_mul(a, _G))
    r = _hash_int(prefix + message)
    big_r = _compress(_point_mul(r, _G))
    s = (r + _hash_int(big_r + public + message) * a) % _Q
    return big_r + int.to_bytes(s, 32, "little")


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 5.1.7: True when `signature` is `public`'s signature of `message`."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _Q:
        return False
    h = _hash_int(signature[:32] + public + message)
    return _point_equal(_point_mul(s, _G), _point_add(r, _point_mul(h, a)))

# --- end shared ed25519 core ---

# --- begin shared checkpoint core (copied verbatim from xihu/engine/checkpoint.py) ---

SIGNATURE_DASH = "\u2014 "


class BadNote(ValueError):
    """A checkpoint or signed note that cannot be read or whose signature does not verify."""


def checkpoint_body(origin: str, size: int, root: bytes, timestamp_ms: int) -> str:
    if not origin or "\n" in origin:
        raise BadNote("the origin is one non-empty line")
    return (f"{origin}\n{size}\n{base64.b64encode(root).decode()}\n"
            f"timestamp {timestamp_ms}\n")


def parse_checkpoint(body: str) -> dict:
    """{origin, size, root (bytes), timestamp_ms} of a checkpoint body."""
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise BadNote("a checkpoint is at least three lines, each ending in a newline")
    origin, size, root = lines[0], lines[1], lines[2]
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise BadNote(f"the tree size {size!r} is not a decimal number")
    try:
        root_bytes = base64.b64decode(root, validate=True)
    except (binascii.Error, ValueError):
        raise BadNote(f"the root hash {root!r} is not base64") from None
    if len(root_bytes) != 32:
        raise BadNote("the root hash is not 32 bytes")
    timestamp = 0
    for line in lines[3:-1]:
        if line.startswith("timestamp ") and line[10:].isdigit():
            timestamp = int(line[10:])
    return {"origin": origin, "size": int(size), "root": root_bytes, "timestamp_ms": timestamp}


def key_hash(name: str, public_key: bytes) -> bytes:
    """The signed-note key hash of an Ed25519 key (signature type 0x01)."""
    return hashlib.sha256(name.encode() + b"\n\x01" + public_key).digest()[:4]


def signed_note(body: str, name: str, public_key: bytes, signature: bytes) -> str:
    blob = base64.b64encode(key_hash(name, public_key) + signature).decode()
    return f"{body}\n{SIGNATURE_DASH}{name} {blob}\n"


def split_note(text: str) -> tuple[str, list[tuple[str, bytes, bytes]]]:
    """(body, [(key name, key hash, signature), ...]) of a signed note."""
    text = text.replace("\r\n", "\n")
    cut = text.rfind("\n\n")
    if cut < 0:
        raise BadNote("a signed note has its text, a blank line, then its signatures")
    body, signatures = text[: cut + 1], []
    for line in text[cut + 2:].split("\n"):
        if not line:
            continue
        if not line.startswith(SIGNATURE_DASH) or line.count(" ") != 2:
            raise BadNote(f"not a signature line: {line!r}")
        _dash, name, blob = line.split(" ")
        try:
            raw = base64.b64decode(blob, validate=True)
        except (binascii.Error, ValueError):
            raise BadNote(f"the signature of {name} is not base64") from None
        if len(raw) < 5:
            raise BadNote(f"the signature of {name} is too short")
        signatures.append((name, raw[:4], raw[4:]))
    if not signatures:
        raise BadNote("the note carries no signature")
    return body, signatures


def open_note(text: str, name: str, public_key: bytes, verify) -> str:
    """The body of a signed note once `name`'s signature with `public_key` verifies (`verify`
    is an Ed25519 check: verify(public_key, message, signature) -> bool); BadNote otherwise."""
    body, signatures = split_note(text)
    wanted = key_hash(name, public_key)
    for signer, hashed, signature in signatures:
        if signer == name and hashed == wanted:
            if verify(public_key, body.encode(), signature):
                return body
            raise BadNote(f"the signature of {name} on this checkpoint does not verify")
    raise BadNote(f"the checkpoint carries no signature by the key {name}")


def cosignature_message(body: str, time_s: int) -> bytes:
    return f"cosignature/v1\ntime {time_s}\n{body}".encode()

# --- end shared checkpoint core ---

# --- begin shared entry core (copied verbatim from xihu/engine/ledger.py) ---

LEAF_FORMAT = "xihu-ledger-entry/1"
ENTRY_FIELDS = ("uid", "recorded_at", "actor", "action", "object_type", "object_id",
                "payload_digest")


def canonical_json(value: object) -> bytes:
    """One byte string per value: sorted keys, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def payload_digest(payload: object) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def leaf_data(fields: dict) -> bytes:
    """The bytes an entry's leaf hash covers (fields: at least ENTRY_FIELDS)."""
    return canonical_json([LEAF_FORMAT, *[fields[name] for name in ENTRY_FIELDS]])


def entry_problem(fields: dict, entry_hash: str) -> str:
    """Why an entry (its fields, its payload, its stated hash) is not what it claims, or ""."""
    payload = fields.get("payload")
    if payload is None:
        return "the entry has no payload (an entry's payload is never null)"
    if payload_digest(payload) != fields["payload_digest"]:
        return "payload does not match its digest"
    if hashlib.sha256(b"\x00" + leaf_data(fields)).hexdigest() != entry_hash:
        return "entry hash does not match its contents"
    return ""

# --- end shared entry core ---

# --- begin shared seal core (copied verbatim from xihu/engine/seals.py) ---

BALLOT_LEAF = "xihu-ballot/1"
PAPER_ENTRY_LEAF = "xihu-paper-entry/1"


def _json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def ballot_leaf(fingerprint: str, choices: Iterable[int], status: str, invalid_reason: str,
                source: str) -> bytes:
    return _json([BALLOT_LEAF, fingerprint, sorted(int(c) for c in choices), status,
                  invalid_reason or "", source])


def paper_entry_leaf(sheet_id: str, fingerprint: str, choices: Iterable[int], operator: str) -> bytes:
    return _json([PAPER_ENTRY_LEAF, sheet_id, fingerprint, sorted(int(c) for c in choices), operator])


def contents_digest(leaves: Iterable[bytes]) -> str:
    """The Merkle root (hex) of the leaves' hashes in sorted order; of nothing, SHA-256("")."""
    level = sorted(hashlib.sha256(b"\x00" + leaf).digest() for leaf in leaves)
    if not level:
        return hashlib.sha256(b"").hexdigest()
    frontier: list = []
    for leaf in level:
        height, current = 0, leaf
        while frontier and frontier[-1][0] == height:
            current = hashlib.sha256(b"\x01" + frontier.pop()[1] + current).digest()
            height += 1
        frontier.append([height, current])
    root = frontier[-1][1]
    for _height, subtree in reversed(frontier[:-1]):
        root = hashlib.sha256(b"\x01" + subtree + root).digest()
    return root.hex()

# --- end shared seal core ---


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_log(entries: list[dict]) -> tuple[bytes, str]:
    """(root of the entries' tree, first problem or ""): each entry must be the next leaf and
    hold what its hash says (a missing or null payload is a problem)."""
    frontier: list = []
    for count, entry in enumerate(entries):
        if entry.get("index") != count:
            return frontier_root(frontier), f"ledger entry {entry.get('index')}: found where {count} was expected"
        try:
            problem = entry_problem(entry, entry["entry_hash"])
        except KeyError as missing:
            problem = f"the field {missing} is missing"
        if problem:
            return frontier_root(frontier), f"ledger entry {count}: {problem}"
        frontier_append(frontier, bytes.fromhex(entry["entry_hash"]))
    return frontier_root(frontier), ""


def open_head(note: str, origin: str, public_key: bytes) -> dict:
    """The checkpoint of a signed head, once its signature verifies (BadNote otherwise)."""
    return parse_checkpoint(open_note(note, origin, public_key, ed25519_verify))


def check_ledger(report, ledger: dict, manifest: dict, *, key: str = "", heads: list[str] = ()) -> None:
    entries = ledger["entries"]
    root, problem = check_log(entries)
    if problem:
        report.problem(problem)
        return
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
    if signed["size"] != len(entries) or signed["root"] != root:
        report.problem(f"ledger: the signed head covers {signed['size']} entries with root "
                       f"{signed['root'].hex()}, the exported entries give {len(entries)} with root {root.hex()}")
        return
    if (manifest.get("ledger_head") or {}).get("root_hash") != root.hex():
        report.problem("ledger: the manifest names another head than the signed one")
    report.ok(f"ledger: {len(entries)} entries, Merkle root {root.hex()} matches the head signed by "
              f"{origin} ({'the key you gave' if key else 'the key in the export'})")
    for text in heads:
        try:
            noted = open_head(text, origin, public_key)
        except BadNote as bad:
            report.problem(f"--head: {bad}")
            continue
        size = noted["size"]
        if size > len(entries):
            report.problem(f"--head: the head you gave covers {size} entries, this export only "
                           f"{len(entries)}: the log was cut, or the export is older than your head")
        elif root_of(bytes.fromhex(e["entry_hash"]) for e in entries[:size]) != noted["root"]:
            report.problem(f"--head: the head you gave ({size} entries, root {noted['root'].hex()}) "
                           "is not the beginning of this export's log: history was rewritten")
        else:
            report.ok(f"--head: the head you gave ({size} entries) is the beginning of this export's log")


# --- counting ---------------------------------------------------------------------------------

def recount(ballot: dict, papers: list[dict]) -> dict:
    numbers = [str(i["number"]) for i in ballot["items"]]
    known = set(numbers)
    k = ballot["max_choices"]
    votes = dict.fromkeys(numbers, 0)
    valid = blank = 0
    invalid: Counter = Counter()
    for paper in papers:
        marks = [str(c) for c in paper["choices"]]
        if paper["status"] == "invalid":
            invalid[paper.get("invalid_reason") or "ruled_invalid"] += 1
        elif not marks:
            blank += 1
        elif len(marks) > k:
            invalid["over_vote"] += 1
        elif any(m not in known for m in marks):
            invalid["unknown_project"] += 1
        elif len(set(marks)) != len(marks):
            invalid["repeated_project"] += 1
        else:
            valid += 1
            for m in marks:
                votes[m] += 1
    return {"votes": votes, "valid": valid, "blank": blank, "invalid": dict(invalid),
            "ballots": valid + blank + sum(invalid.values())}


def greedy(items: list[dict], votes: dict, budget: int, tie_break: str, *, stop: bool,
           min_votes: int) -> tuple[list[int], list[int]]:
    """(winners in selection order, projects of an unbroken tie)."""
    cost = [i["amount"] for i in items]
    score = [votes[str(i["number"])] for i in items]
    groups: dict[int, list[int]] = defaultdict(list)
    for j in range(len(items)):
        if score[j] >= min_votes:
            groups[score[j]].append(j)
    order = (lambda j: (cost[j], j)) if tie_break == "cost" else (lambda j: j)
    remaining, chosen = budget, []
    for s in sorted(groups, reverse=True):
        group = sorted(groups[s], key=order)
        while group:
            candidates = group if stop else [j for j in group if cost[j] <= remaining]
            if not candidates:
                break
            if tie_break == "refuse" and len(candidates) > 1 and sum(cost[j] for j in candidates) > remaining:
                return [items[j]["number"] for j in chosen], sorted(items[j]["number"] for j in candidates)
            pick = candidates[0]
            if cost[pick] > remaining:
                return [items[j]["number"] for j in chosen], []
            chosen.append(pick)
            remaining -= cost[pick]
            group.remove(pick)
    return [items[j]["number"] for j in chosen], []


# --- reading ----------------------------------------------------------------------------------

def load(directory: Path, name: str):
    path = directory / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Unreadable(f"{name} is missing from {directory}") from None
    except (OSError, ValueError) as exc:
        raise Unreadable(f"{name} cannot be read: {exc}") from None


def pb_sections(text: str) -> tuple[dict, dict, int]:
    """(META, {project_id: votes}, number of VOTES lines) of a pabulib file."""
    meta, votes, n_votes, section, header = {}, {}, 0, "", None
    for cells in csv.reader(text.splitlines(), delimiter=";", quotechar='"'):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if len(cells) == 1 and cells[0].upper() in ("META", "PROJECTS", "VOTES"):
            section, header = cells[0].upper(), None
            continue
        if header is None:
            header = cells
            continue
        if section == "META":
            meta[cells[0]] = cells[1]
        elif section == "PROJECTS":
            row = dict(zip(header, cells, strict=True))
            votes[row["project_id"]] = int(row["votes"])
        elif section == "VOTES":
            n_votes += 1
    return meta, votes, n_votes


# --- the checks -------------------------------------------------------------------------------

class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.passed: list[str] = []

    def ok(self, text: str) -> None:
        self.passed.append(text)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def compare(self, what: str, stated, recounted) -> bool:
        if stated == recounted:
            return True
        if isinstance(stated, dict) and isinstance(recounted, dict):
            keys = sorted(set(stated) | set(recounted), key=lambda k: (len(str(k)), str(k)))
            differing = [f"{k}: {stated.get(k)} vs {recounted.get(k)}" for k in keys
                         if stated.get(k) != recounted.get(k)]
            self.problem(f"{what}: the export states a different count for project "
                         f"{'; '.join(differing)} (stated vs from the ballot papers)")
        else:
            self.problem(f"{what}: the export states {stated}, the ballot papers give {recounted}")
        return False


def check_results(report: Report, manifest: dict, ballots: list[dict], papers: list[dict],
                  results: list[dict], ledger_results: dict) -> dict[str, dict]:
    edition = manifest["edition"]
    rule, tie_break = edition["selection_rule"], edition["tie_break"]
    min_votes = int(edition.get("min_votes", 1))
    by_ballot: dict[str, list[dict]] = defaultdict(list)
    for paper in papers:
        by_ballot[paper["ballot"]].append(paper)
    unknown = set(by_ballot) - {b["key"] for b in ballots}
    for key in sorted(unknown):
        report.problem(f"papers.json: {len(by_ballot[key])} papers name an unknown ballot {key!r}")
    stated = {r["ballot"]: r for r in results}
    recounts = {}
    for ballot in ballots:
        key = ballot["key"]
        count = recount(ballot, by_ballot.get(key, []))
        recounts[key] = count
        result = stated.get(key)
        if result is None or not result.get("counted"):
            if by_ballot.get(key) and result is not None:
                report.ok(f"{key}: {len(by_ballot[key])} papers, result not yet computed (no check)")
            continue
        good = True
        for number, n in count["votes"].items():
            good &= report.compare(f"{key}: votes for project {number}", result["votes"].get(number), n)
        for field in ("ballots", "valid", "blank"):
            good &= report.compare(f"{key}: {field} ballots" if field != "ballots" else f"{key}: ballots",
                                   result[field], count[field])
        good &= report.compare(f"{key}: invalid ballots", sum(result["invalid"].values()),
                               sum(count["invalid"].values()))
        if rule in ("greedy", "greedy-stop"):
            winners, undecided = greedy(ballot["items"], count["votes"], ballot["budget"], tie_break,
                                        stop=rule == "greedy-stop", min_votes=min_votes)
            good &= report.compare(f"{key}: winners ({rule}, tie-break {tie_break})",
                                   sorted(result["winners"]), sorted(winners))
            good &= report.compare(f"{key}: undecided tie", sorted(result.get("undecided") or []), undecided)
            amounts = {i["number"]: i["amount"] for i in ballot["items"]}
            good &= report.compare(f"{key}: money allocated", result["total_cost"],
                                   sum(amounts[w] for w in winners))
        else:
            report.ok(f"{key}: rule {rule!r} is not recomputed by this verifier (tally checked only)")
        recorded = ledger_results.get(result["ballot_id"])
        if recorded is None:
            report.problem(f"{key}: the ledger holds no recorded result for this ballot")
            good = False
        else:
            tally = recorded["tally"]
            good &= report.compare(f"{key}: votes recorded in the ledger", tally["votes"], count["votes"])
            good &= report.compare(f"{key}: ballots recorded in the ledger", tally["ballots"], count["ballots"])
            good &= report.compare(f"{key}: winners recorded in the ledger",
                                   sorted(recorded["winners"]), sorted(result["winners"]))
        if good:
            report.ok(f"{key}: {count['ballots']} papers recounted; votes, valid/blank/invalid and "
                      f"winners agree")
    return recounts


def check_boxes(report: Report, boxes: list[dict], papers: list[dict], ledger_boxes: dict) -> None:
    counted: Counter = Counter(p["box"] for p in papers)
    known = {b["box"] for b in boxes}
    for box in sorted(set(counted) - known):
        report.problem(f"papers.json: {counted[box]} papers name an unknown box {box!r}")
    good = True
    for box in boxes:
        good &= report.compare(f"box {box['box']}: ballots counted", box["counted"], counted[box["box"]])
        if box.get("signed_off_count") is not None:
            good &= report.compare(f"box {box['box']}: ballots at the scrutineer's sign-off",
                                   box["signed_off_count"], counted[box["box"]])
        recorded = ledger_boxes.get((box["community"], box["station"], box["code"]))
        if recorded is not None:
            good &= report.compare(f"box {box['box']}: ballots recorded in the ledger at the close",
                                   recorded, counted[box["box"]])
    if good:
        report.ok(f"{len(boxes)} boxes: per-box totals agree with the papers and the ledger")


def check_pabulib(report: Report, directory: Path, ballots: list[dict], recounts: dict) -> None:
    for ballot in ballots:
        path = directory / "pabulib" / f"{ballot['key']}.pb"
        if not path.exists():
            report.problem(f"{path.name} is missing")
            continue
        meta, votes, n_votes = pb_sections(path.read_text(encoding="utf-8"))
        count = recounts[ballot["key"]]
        good = report.compare(f"{path.name}: votes per project", votes, count["votes"])
        good &= report.compare(f"{path.name}: counted ballots (valid and blank)", n_votes,
                               count["valid"] + count["blank"])
        good &= report.compare(f"{path.name}: budget", meta.get("budget"), str(ballot["budget"]))
        if good:
            report.ok(f"{path.name}: agrees with the papers")


FORMAT = "xihu-export/2"


def check_frozen_ballots(report, ballots: list[dict], entries: list[dict], edition: str) -> None:
    """Each ballot's projects and amounts are those its freeze recorded in the log, and the
    recorded fingerprint is the hash of what was recorded."""
    frozen = {}
    for entry in entries:
        payload = entry.get("payload") or {}
        if entry["action"] == "ballots.freeze" and payload.get("edition") == edition:
            frozen[(payload.get("unit"), payload.get("kind"))] = payload
    good = True
    for ballot in ballots:
        payload = frozen.get((ballot["unit"], ballot["kind"]))
        if payload is None:
            report.problem(f"{ballot['key']}: the log holds no freeze of this ballot")
            good = False
            continue
        data = {k: v for k, v in payload.items() if k != "fingerprint"}
        if sha256(canonical_json(data)) != payload["fingerprint"] or payload["fingerprint"] != ballot["fingerprint"]:
            report.problem(f"{ballot['key']}: its fingerprint is not the one recorded in the log at the freeze")
            good = False
        recorded = [[n, title, amount] for n, _project, title, amount in payload.get("items", [])]
        exported = [[i["number"], i["title"], i["amount"]] for i in ballot["items"]]
        if recorded != exported or payload.get("budget") != ballot["budget"] \
                or payload.get("max_choices") != ballot["max_choices"]:
            report.problem(f"{ballot['key']}: its projects, amounts or rules are not those recorded "
                           "in the log when it was frozen")
            good = False
    if good and ballots:
        report.ok(f"{len(ballots)} ballots: projects and amounts are those frozen in the log")


def check_box_commitments(report, ballots: list[dict], papers: list[dict], entries: list[dict]) -> None:
    """Each box's papers against what the log committed to: the electronic ones against the
    box's last seal, all of them against the digest recorded when the count closed."""
    fingerprint = {b["key"]: b["fingerprint"] for b in ballots}
    leaves: dict[str, list] = defaultdict(list)
    electronic: dict[str, list] = defaultdict(list)
    for paper in papers:
        leaf = ballot_leaf(fingerprint.get(paper["ballot"], ""), paper["choices"], paper["status"],
                           paper.get("invalid_reason", ""), paper.get("source", ""))
        leaves[paper["box"]].append(leaf)
        if paper.get("source") == "electronic":
            electronic[paper["box"]].append(leaf)
    last_seal, closed = {}, {}
    for entry in entries:
        payload = entry.get("payload") or {}
        if entry["action"] in ("voting.box_seal", "voting.box_reopen") and "box_key" in payload:
            last_seal[payload["box_key"]] = (entry["action"], payload)
        elif entry["action"] == "results.session_close":
            for box in (payload.get("boxes") or {}).values():
                if "box_key" in box:
                    closed[box["box_key"]] = box.get("ballots_digest")
    good = True
    for key, (action, payload) in sorted(last_seal.items()):
        if action == "voting.box_seal" and contents_digest(electronic.get(key, [])) != payload.get("electronic_digest"):
            report.problem(f"box {key}: its electronic papers are not those its last seal committed to in the log")
            good = False
    for key, digest in sorted(closed.items()):
        if contents_digest(leaves.get(key, [])) != digest:
            report.problem(f"box {key}: its papers are not those the log recorded when the count closed")
            good = False
    if good:
        report.ok(f"{len(last_seal)} sealed boxes and {len(closed)} counted boxes: papers match the "
                  "log's commitments")


def ledger_records(entries: list[dict]) -> tuple[dict, dict]:
    """The latest result recorded per ballot id, and box counts recorded at each session close."""
    results, boxes = {}, {}
    for entry in entries:
        payload = entry.get("payload") or {}
        if entry["action"] == "results.select":
            results[payload["ballot"]] = payload
        elif entry["action"] == "results.session_close":
            for box in payload.get("boxes", {}).values():
                boxes[(payload["community"], box["station"], box["box"])] = box["counted"]
    return results, boxes


def verify(directory: Path, *, key: str = "", heads: Sequence[str] = ()) -> Report:
    report = Report()
    manifest = load(directory, "manifest.json")
    if manifest.get("format") != FORMAT:
        raise Unreadable(f"unknown export format {manifest.get('format')!r}")
    ballots = load(directory, "ballots.json")
    papers = load(directory, "papers.json")
    results = load(directory, "results.json")
    boxes = load(directory, "boxes.json")
    ledger = load(directory, "ledger.json")
    entries = ledger["entries"]
    check_ledger(report, ledger, manifest, key=key, heads=heads)
    ids = [p["id"] for p in papers]
    if len(set(ids)) != len(ids):
        report.problem("papers.json: a paper id appears twice (a duplicated paper)")
    check_frozen_ballots(report, ballots, entries, manifest["edition"]["slug"])
    check_box_commitments(report, ballots, papers, entries)
    ledger_results, ledger_boxes = ledger_records(entries)
    recounts = check_results(report, manifest, ballots, papers, results, ledger_results)
    check_boxes(report, boxes, papers, ledger_boxes)
    check_pabulib(report, directory, ballots, recounts)
    evaluation_checks(report, directory)
    return report


def evaluation_checks(report: Report, directory: Path) -> None:
    """The three tests, judged again by evaluation.py beside this file (when it is there)."""
    path = Path(__file__).with_name("evaluation.py")
    if path.exists():
        spec = importlib.util.spec_from_file_location("xihu_export_evaluation", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.check(report, directory)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verify.py", description="Check a Xihu export on your own.")
    parser.add_argument("export_dir")
    parser.add_argument("--key", default="", help="the log's public key (hex) as you got it elsewhere, "
                        "e.g. from the platform's page or a witness (default: the key in the export)")
    parser.add_argument("--head", action="append", default=[], metavar="FILE",
                        help="a signed head (checkpoint) you kept: the export's log must begin with it")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    directory = Path(args.export_dir)
    try:
        heads = [Path(h).read_text(encoding="utf-8") for h in args.head]
        report = verify(directory, key=args.key.strip(), heads=heads)
    except (Unreadable, KeyError, TypeError, ValueError, OSError) as exc:
        print(f"error: the export cannot be read: {exc}", file=sys.stderr)
        return 2
    for line in report.passed:
        print(f"OK       {line}")
    for line in report.problems:
        print(f"PROBLEM  {line}")
    if report.problems:
        print(f"FAILED: {len(report.problems)} problem(s) found in {directory}")
        return 1
    print(f"VERIFIED: every tally, winner set, box total and the signed log agree ({directory})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
