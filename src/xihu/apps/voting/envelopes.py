"""Envelopes: an electronic ballot waits in its box encrypted, until the box is sealed.

AES-256-GCM (the `cryptography` package) under the ballot key, a key derived from
XIHU_BALLOT_KEY (else SECRET_KEY) that the web servers hold and the database does not. The box's
id is authenticated with the ballot, so an envelope cannot be moved to another box; the
plaintext is padded to a multiple of 512 bytes (two ballots of up to about 80 marks each fit in
the first), so an envelope's length does not say how many marks it holds.
Whoever holds the database alone, or its backups or its write-ahead log, reads nothing from an
envelope; the key's holder could open envelopes not yet deleted (docs/voting.md, limits).
"""

import hashlib
import hmac
import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

VERSION = b"\x01"
BLOCK = 512  # plaintext is padded to a multiple of this


def ballot_key() -> bytes:
    secret = (getattr(settings, "XIHU_BALLOT_KEY", "") or settings.SECRET_KEY).encode()
    return hmac.new(secret, b"xihu.voting.envelope/1", hashlib.sha256).digest()


def _aad(box_pk: int) -> bytes:
    return f"xihu-envelope/1:box:{box_pk}".encode()


def seal_envelope(box_pk: int, content: dict, key: bytes | None = None) -> bytes:
    """version || nonce || AES-GCM(content as JSON, padded with spaces to a multiple of BLOCK)."""
    plain = json.dumps(content, separators=(",", ":"), sort_keys=True).encode()
    plain = plain.ljust(-(-len(plain) // BLOCK) * BLOCK)
    nonce = os.urandom(12)
    return VERSION + nonce + AESGCM(key or ballot_key()).encrypt(nonce, plain, _aad(box_pk))


def open_envelope(box_pk: int, sealed: bytes, key: bytes | None = None) -> dict | None:
    """The content, or None when the envelope was not sealed for this box with this key (or was
    altered)."""
    sealed = bytes(sealed)
    if len(sealed) < 13 or sealed[:1] != VERSION:
        return None
    try:
        plain = AESGCM(key or ballot_key()).decrypt(sealed[1:13], sealed[13:], _aad(box_pk))
    except InvalidTag:
        return None
    return json.loads(plain)
