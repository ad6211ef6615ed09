"""The log's Ed25519 signing key: read from outside the database, never stored in it.

Order of precedence:
1. `XIHU_LEDGER_SIGNING_KEY`: the 32-byte private key as 64 hex characters (or a PEM text);
2. `XIHU_LEDGER_SIGNING_KEY_FILE`: a file holding a PKCS#8 PEM (or the 64 hex characters);
3. otherwise, in development only, `<data dir>/ledger-signing-key.pem`, generated on first use
   with a message saying so. Production settings set XIHU_LEDGER_REQUIRE_KEY, and the
   sequencer then refuses to start without 1 or 2.

Web workers need only the public key: `XIHU_LEDGER_PUBLIC_KEY` (64 hex characters) lets them
publish it without access to the private key; without it they derive it from the private key.
"""

import logging
import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from xihu.engine import checkpoint

logger = logging.getLogger(__name__)
DEV_KEY_NAME = "ledger-signing-key.pem"


def _from_text(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("the ledger signing key must be an Ed25519 key")
        return key
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        raise ImproperlyConfigured("the ledger signing key is neither 64 hex characters nor a PEM") from None
    if len(raw) != 32:
        raise ImproperlyConfigured("the ledger signing key must be 32 bytes (64 hex characters)")
    return Ed25519PrivateKey.from_private_bytes(raw)


def _pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _generate_dev_key(path: Path) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(_pem(key))
    message = (f"Xihu: generated a new signing key for the public ledger at {path} (development "
               "only). Keep it: the signed tree heads can only be continued with it. In "
               "production set XIHU_LEDGER_SIGNING_KEY_FILE.")
    logger.warning(message)  # the console handler prints it (base settings)
    return key


@cache
def signing_key() -> Ed25519PrivateKey:
    text = getattr(settings, "XIHU_LEDGER_SIGNING_KEY", "") or ""
    if text:
        return _from_text(text)
    path = getattr(settings, "XIHU_LEDGER_SIGNING_KEY_FILE", "") or ""
    if path:
        try:
            return _from_text(Path(path).read_text())
        except OSError as error:
            raise ImproperlyConfigured(f"cannot read the ledger signing key {path}: {error}") from None
    if getattr(settings, "XIHU_LEDGER_REQUIRE_KEY", False):
        raise ImproperlyConfigured(
            "Set XIHU_LEDGER_SIGNING_KEY_FILE (or XIHU_LEDGER_SIGNING_KEY) to the log's Ed25519 "
            "key: production never generates one. Make one with `xihu ledger keygen FILE`.")
    dev = Path(settings.DATA_DIR) / DEV_KEY_NAME
    if dev.exists():
        return _from_text(dev.read_text())
    try:
        return _generate_dev_key(dev)
    except FileExistsError:  # another process made it first
        return _from_text(dev.read_text())


@cache
def public_key() -> bytes:
    """The log's public key (32 bytes)."""
    configured = getattr(settings, "XIHU_LEDGER_PUBLIC_KEY", "") or ""
    if configured:
        return bytes.fromhex(configured.strip())
    return signing_key().public_key().public_bytes(serialization.Encoding.Raw,
                                                   serialization.PublicFormat.Raw)


def origin() -> str:
    """The log's name: the first line of every checkpoint and the name of its signing key."""
    return getattr(settings, "XIHU_LEDGER_ORIGIN", "") or "xihu.local/ledger"


def key_id() -> str:
    return checkpoint.key_hash(origin(), public_key()).hex()


def sign(message: bytes) -> bytes:
    return signing_key().sign(message)


def new_key_pem() -> bytes:
    return _pem(Ed25519PrivateKey.generate())


def reset_cache() -> None:
    """Forget the loaded keys (tests that change the settings)."""
    signing_key.cache_clear()
    public_key.cache_clear()
