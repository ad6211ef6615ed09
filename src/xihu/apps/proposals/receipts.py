"""Receipt codes: short, unambiguous to read aloud or type (no 0/O, 1/I/L), e.g. K7QM-3XWP."""

import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_receipt_code() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_receipt_code(text: str) -> str:
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:8]}" if len(cleaned) == 8 else text.strip().upper()


def new_receipt_codes(count: int, taken: set[str]) -> list[str]:
    codes: list[str] = []
    seen = set(taken)
    while len(codes) < count:
        code = new_receipt_code()
        if code not in seen:
            seen.add(code)
            codes.append(code)
    return codes
