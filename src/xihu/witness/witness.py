"""One log as this witness has seen it: its pinned key, every head kept, and the checks of a
new head against them (FORK, REWRITTEN, TRUNCATED); cosigning a checked head."""

from __future__ import annotations

import base64
import time
import urllib.parse
from collections.abc import Iterable

from .checkpoint import BadNote, cosignature_message, open_note, parse_checkpoint, split_note
from .ed25519 import ed25519_sign, ed25519_verify
from .merkle import verify_consistency
from .remote import Inconsistent, Unreachable, http_fetch


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
