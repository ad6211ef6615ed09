"""The one-use token a registration hands to the tablet: signed, it carries the ballots and
the box and a random nonce, never the person. Using it stores only the nonce's hash."""

import hashlib
import secrets

from django.core import signing
from django.utils.translation import gettext as _

from xihu.errors import Refused
from xihu.memo import memoised

_SALT = "xihu.voting.tablet"
TOKEN_MAX_AGE = 30 * 60  # seconds: the voter goes to the tablet right after registering


def issue_token(*, ballot_pks: list[int], box_pk: int) -> str:
    return signing.dumps({"b": sorted(ballot_pks), "x": box_pk, "n": secrets.token_hex(16)}, salt=_SALT)


def read_token(token: str) -> tuple[list[int], int, str]:
    """(ballot pks, box pk, nonce hash), or Refused when forged, altered or too old. Checked once
    per request (the tablet's view and the cast it calls read the same token)."""
    return memoised(("tablet-token", token), lambda: _read(token))


def _read(token: str) -> tuple[list[int], int, str]:
    try:
        data = signing.loads(token, salt=_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        raise Refused(_("This tablet token has expired; ask the officer.")) from None
    except signing.BadSignature:
        raise Refused(_("This tablet token is not valid.")) from None
    return list(data["b"]), int(data["x"]), hashlib.sha256(data["n"].encode()).hexdigest()
