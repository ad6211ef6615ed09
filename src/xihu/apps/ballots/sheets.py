"""Printed ballot sheets carry an ID (also in their QR code) that data entry reads back.

Contract: sheet ID = "B<ballot pk>-<serial, 6 digits>", e.g. "B12-000345"."""

import re

_SHEET_ID = re.compile(r"^B(?P<ballot>\d+)-(?P<serial>\d{6})$")


def sheet_id(ballot_pk: int, serial: int) -> str:
    if not 0 < serial < 1_000_000:
        raise ValueError("sheet serial must be between 1 and 999999")
    return f"B{ballot_pk}-{serial:06d}"


def parse_sheet_id(text: str) -> tuple[int, int] | None:
    """(ballot pk, serial) or None when the text is not a sheet ID."""
    match = _SHEET_ID.match(text.strip().upper())
    if not match:
        return None
    return int(match["ballot"]), int(match["serial"])
