"""Mainland resident identity numbers (GB 11643-1999): 18 characters, the birth date in
characters 7-14, and an ISO 7064 MOD 11-2 check character. Used only to check a number
and read the birth date; the number itself is never stored (see accounts.identity)."""

from datetime import date

from xihu.apps.accounts.identity import normalise_id_number

_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def check_character(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def with_check_character(first17: str) -> str:
    """Complete 17 digits into a valid number (tests, demo and benchmarks build numbers so)."""
    return first17 + check_character(first17)


def birth_date_of(id_number: str) -> date | None:
    """The birth date of a well-formed number with a correct check character, else None."""
    number = normalise_id_number(id_number)
    if len(number) != 18 or not number[:17].isdigit() or number[17] != check_character(number[:17]):
        return None
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
