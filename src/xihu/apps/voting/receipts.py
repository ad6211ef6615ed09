"""Receipt codes: random, shown once to the voter; only their hash is stored and published."""

import hashlib
import secrets

_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_receipt_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))
    return "-".join(raw[i:i + 4] for i in range(0, 16, 4))


def normalise_receipt(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def receipt_hash(code: str) -> str:
    return hashlib.sha256(("xihu-receipt:" + normalise_receipt(code)).encode()).hexdigest()
