"""Receipt codes: random, shown once to the voter; only their hash is stored and published."""

import hashlib
import secrets

_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def new_receipt_code() -> str:
    """16 characters drawn uniformly from the alphabet (one draw from the system's randomness for
    the whole code, read as 16 digits in base 31), in groups of four."""
    number, raw = secrets.randbelow(len(_ALPHABET) ** 16), []
    for _ in range(16):
        number, digit = divmod(number, len(_ALPHABET))
        raw.append(_ALPHABET[digit])
    return "-".join("".join(raw[i:i + 4]) for i in range(0, 16, 4))


def normalise_receipt(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def receipt_hash(code: str) -> str:
    return hashlib.sha256(("xihu-receipt:" + normalise_receipt(code)).encode()).hexdigest()
