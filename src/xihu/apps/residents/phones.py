"""Phone numbers: normalised to digits, and the account name derived from one. The name is a
keyed hash, so the public log (which names the actor) never shows a phone number."""

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings

_MAINLAND = re.compile(r"^1[3-9]\d{9}$")


def normalise_phone(text: str) -> str:
    """A mainland mobile number as 11 digits (an optional +86 / 86 prefix dropped), or ""."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit())
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits if _MAINLAND.match(digits) else ""


def phone_key(phone: str) -> str:
    secret = (settings.XIHU_IDENTITY_KEY or settings.SECRET_KEY).encode()
    return hmac.new(secret, f"phone:{phone}".encode(), hashlib.sha256).hexdigest()


def username_for(phone: str) -> str:
    return "r-" + phone_key(phone)[:20]
