"""Identity numbers are never stored: only a keyed hash (HMAC-SHA256), so a leaked database
cannot be searched for a person without the key, and the same person always gives the same key."""

import hashlib
import hmac
import unicodedata

from django.conf import settings


def normalise_id_number(id_number: str) -> str:
    """Full-width to half-width, spaces removed, the check letter upper-cased."""
    return "".join(unicodedata.normalize("NFKC", id_number).split()).upper()


def identity_key(id_number: str) -> str:
    secret = (settings.XIHU_IDENTITY_KEY or settings.SECRET_KEY).encode()
    return hmac.new(secret, normalise_id_number(id_number).encode(), hashlib.sha256).hexdigest()
