#!/usr/bin/env python3
"""xihu-witness: watch a Xihu deployment's public log and catch any rewrite, truncation or fork.

    xihu-witness keygen KEYFILE
    xihu-witness check URL --state STATE.json [--key LOG_KEY_HEX] [--peer OTHER_STATE.json ...]
                           [--name NAME --witness-key KEYFILE] [--watch SECONDS]

Standard library only: one file, no Django, no third-party package (it ships in every export
beside the verifier, and installs as the `xihu-witness` command). A social organisation or the
expert group runs it on its own machine, from cron or with --watch.

Each check fetches the log's public key and latest signed head (URL/api/ledger/key and /head),
verifies the head's Ed25519 signature (RFC 8032, in pure Python below) with the key pinned in
the state file (or given with --key), and checks it against every head kept so far:

- a head of the same size with another root is a FORK;
- a larger head must come with a consistency proof (RFC 9162 2.1.4) from the last head kept,
  or the log's history was REWRITTEN;
- a smaller head must still be provable as the beginning of the last head kept, or the log was
  TRUNCATED.

Heads kept by other witnesses (--peer, their state files) are checked the same way, so a log
that shows different histories to different witnesses is caught. Every head seen is kept in
the state file. On a problem it prints both heads (size:root) and exits 1; 2 when the log
cannot be reached or read. With --name and --witness-key it cosigns each head it checked and
sends the cosignature to the log (the district admin registers the witness's public key), so
the public ledger page shows which heads witnesses have checked.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from pathlib import Path

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


class Unreachable(Exception):
    """The log could not be reached or answered something unreadable."""


class Inconsistent(Exception):
    """Two heads that cannot both be true of one append-only log."""


def http_fetch(url: str, data: dict | None = None) -> dict:
    if not url.startswith(("http://", "https://")):
        raise Unreachable(f"{url}: only http and https URLs are watched")
    body = json.dumps(data).encode() if data is not None else None
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310  # nosec B310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  # nosec B310 - scheme checked above
            return json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")[:300]
        raise Unreachable(f"{url}: HTTP {error.code} {detail}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise Unreachable(f"{url}: {error}") from None


def name_of(head: dict) -> str:
    return f"{head['size']}:{head['root']}"


class Witness:
    """One log as this witness has seen it: its pinned key and every head kept."""

    def __init__(self, url: str, state: dict, fetch=http_fetch):
        self.url = url.rstrip("/")
        self.state = state
        self.fetch = fetch

    def get(self, path: str, **params) -> dict:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        return self.fetch(f"{self.url}/api/ledger/{path}{query}")

    def pin_key(self, given: str = "") -> tuple[str, bytes]:
        served = self.get("key")
        origin, key = served["origin"], served["public_key"].lower()
        pinned = self.state.get("public_key")
        if given and given.lower() != key:
            raise Inconsistent(f"the log serves public key {key}, not the key {given} you gave")
        if pinned and (pinned != key or self.state.get("origin") != origin):
            raise Inconsistent(f"the log's key changed from {pinned} ({self.state.get('origin')}) "
                               f"to {key} ({origin}): every head after this is unverifiable")
        self.state.update(origin=origin, public_key=key)
        return origin, bytes.fromhex(key)

    def signed_head(self, origin: str, key: bytes) -> dict:
        served = self.get("head")
        try:
            body = open_note(served["checkpoint"], origin, key, ed25519_verify)
            parsed = parse_checkpoint(body)
        except (BadNote, KeyError) as bad:
            raise Inconsistent(f"the log's latest head is not signed by its key: {bad}") from None
        if parsed["origin"] != origin:
            raise Inconsistent(f"the head names the log {parsed['origin']!r}, not {origin!r}")
        return {"size": parsed["size"], "root": parsed["root"].hex(), "checkpoint": served["checkpoint"],
                "seen_at": int(time.time())}

    def consistent(self, old: dict, new: dict) -> None:
        """Raise Inconsistent unless `old` is the beginning of `new` (sizes in either order)."""
        if old["size"] == new["size"]:
            if old["root"] != new["root"]:
                raise Inconsistent(f"FORK: two heads of size {old['size']}: {name_of(old)} and {name_of(new)}")
            return
        small, large = (old, new) if old["size"] < new["size"] else (new, old)
        if small["size"] == 0:
            return
        try:
            proof = self.get("proof/consistency", first=small["size"], second=large["size"])
        except Unreachable as error:
            kind = "TRUNCATED" if large is old else "REWRITTEN"
            raise Inconsistent(f"{kind}: the log cannot prove head {name_of(small)} is the beginning "
                               f"of head {name_of(large)} ({error})") from None
        path = [bytes.fromhex(h) for h in proof.get("path", [])]
        if not verify_consistency(small["size"], large["size"], bytes.fromhex(small["root"]),
                                  bytes.fromhex(large["root"]), path):
            kind = "TRUNCATED" if large is old else "REWRITTEN"
            raise Inconsistent(f"{kind}: head {name_of(small)} is not the beginning of head "
                               f"{name_of(large)}: the consistency proof fails")

    def check(self, *, key: str = "", peers: Iterable[dict] = ()) -> dict:
        """Check the latest head against every head kept (and the peers'); keep it."""
        origin, public = self.pin_key(key)
        new = self.signed_head(origin, public)
        kept = self.state.setdefault("heads", [])
        if kept:
            last = max(kept, key=lambda h: h["size"])
            self.consistent(last, new)
            for head in kept:
                if head["size"] == new["size"]:
                    self.consistent(head, new)
        for peer in peers:
            if peer.get("public_key") not in (None, self.state["public_key"]):
                raise Inconsistent(f"FORK: a peer witness saw this log signed by key {peer.get('public_key')}, "
                                   f"this witness by {self.state['public_key']}")
            for head in peer.get("heads", []):
                self.consistent(head, new)
        if not any(h["size"] == new["size"] and h["root"] == new["root"] for h in kept):
            kept.append(new)
        return new

    def cosign(self, head: dict, name: str, seed: bytes) -> dict:
        body = split_note(head["checkpoint"])[0]
        when = int(time.time())
        signature = ed25519_sign(seed, cosignature_message(body, when))
        return self.fetch(f"{self.url}/api/ledger/cosignatures", {
            "witness": name, "size": head["size"], "root_hash": head["root"], "time": when,
            "signature": base64.b64encode(signature).decode()})


def load_state(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise Unreachable(f"the state file {path} cannot be read: {error}") from None


def save_state(path: Path, state: dict) -> None:
    temporary = path.with_suffix(path.suffix + ".tmp")
    temporary.write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temporary, path)


def read_seed(path: Path) -> bytes:
    seed = bytes.fromhex(path.read_text(encoding="utf-8").strip())
    if len(seed) != 32:
        raise ValueError(f"{path} does not hold a 32-byte key (64 hex characters)")
    return seed


def keygen(path: Path) -> int:
    if path.exists():
        print(f"error: {path} exists already; a witness key is never overwritten", file=sys.stderr)
        return 2
    seed = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(seed.hex() + "\n")
    print(f"witness key written to {path}; give this public key to the district admin to register:")
    print(ed25519_public_key(seed).hex())
    return 0


def check_once(args, fetch=http_fetch) -> int:
    state_path = Path(args.state)
    state = load_state(state_path)
    if state.get("url") and state["url"] != args.url.rstrip("/"):
        print(f"error: {state_path} watches {state['url']}, not {args.url}", file=sys.stderr)
        return 2
    state["url"] = args.url.rstrip("/")
    witness = Witness(args.url, state, fetch)
    peers = [load_state(Path(p)) for p in args.peer]
    try:
        head = witness.check(key=args.key, peers=peers)
    except Inconsistent as problem:
        print(f"PROBLEM  {problem}")
        save_state(state_path, state)
        return 1
    save_state(state_path, state)
    print(f"OK       {state['origin']}: head {name_of(head)} is consistent with "
          f"{len(state['heads'])} head(s) kept" + (f" and {len(peers)} peer(s)" if peers else ""))
    if args.name and args.witness_key:
        answer = witness.cosign(head, args.name, read_seed(Path(args.witness_key)))
        print(f"COSIGNED head {name_of(head)} as {args.name}: {answer.get('status', answer)}")
    return 0


def main(argv: Sequence[str] | None = None, fetch=http_fetch) -> int:
    parser = argparse.ArgumentParser(prog="xihu-witness", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("keygen", help="make this witness's Ed25519 key (for cosigning)")
    gen.add_argument("keyfile")
    check = sub.add_parser("check", help="check the log's latest head against every head kept")
    check.add_argument("url", help="the deployment, e.g. https://pb.example.gov.cn")
    check.add_argument("--state", required=True, help="this witness's state file (created if missing)")
    check.add_argument("--key", default="", help="the log's public key (hex), as published elsewhere")
    check.add_argument("--peer", action="append", default=[], help="another witness's state file")
    check.add_argument("--name", default="", help="this witness's registered name (to cosign)")
    check.add_argument("--witness-key", default="", help="this witness's key file (to cosign)")
    check.add_argument("--watch", type=float, default=0, help="check again every SECONDS, until a problem")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "keygen":
        return keygen(Path(args.keyfile))
    while True:
        try:
            status = check_once(args, fetch)
        except (Unreachable, ValueError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            status = 2
        if status == 1 or not args.watch:
            return status
        time.sleep(args.watch)


if __name__ == "__main__":
    sys.exit(main())
