"""Signed tree heads: checkpoints and signed notes (the engine's xihu/engine/checkpoint.py
core, copied by scripts/sync_standalone.py)."""

from __future__ import annotations

import base64
import binascii
import hashlib

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
