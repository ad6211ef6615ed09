"""The witness's files: its state (every head kept) and its own signing key."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

from .ed25519 import ed25519_public_key
from .remote import Unreachable


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
