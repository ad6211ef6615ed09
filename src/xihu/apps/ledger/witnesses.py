"""Witnesses of the log: the district admin registers a witness's public key (an entry in the
log); a witness sends its cosignature of a head it checked, verified against that key."""

import base64
import binascii
import re

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xihu.apps.editions.access import require
from xihu.apps.editions.selectors import current_edition
from xihu.apps.ledger.models import TreeHead, WitnessCosignature, WitnessKey
from xihu.apps.ledger.services import ledger_append
from xihu.engine import checkpoint
from xihu.errors import Refused

NAME = re.compile(r"^[a-z0-9][a-z0-9-]{1,59}$")


@transaction.atomic
def witness_register(*, name: str, public_key: str, note: str = "", district, actor) -> WitnessKey:
    require(actor, "register_witness", district, current_edition(district))
    name, public_key = (name or "").strip().lower(), (public_key or "").strip().lower()
    reasons = []
    if not NAME.match(name):
        reasons.append(_("A witness name is 2-60 lower-case letters, digits or dashes."))
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
    except ValueError:
        reasons.append(_("The public key must be an Ed25519 key: 64 hexadecimal characters."))
    if WitnessKey.objects.filter(name=name).exists():
        reasons.append(_("A witness with this name is registered already."))
    if reasons:
        raise Refused(reasons)
    witness = WitnessKey.objects.create(name=name, public_key=public_key, note=(note or "").strip()[:200],
                                        registered_by=actor)
    ledger_append(actor=actor, action="ledger.witness_register", obj=witness,
                  payload={"name": name, "public_key": public_key, "note": witness.note})
    return witness


def cosignature_add(*, witness: str, size: int, root_hash: str, time_s: int, signature: str) -> WitnessCosignature:
    """Store a witness's cosignature of the stored head (size, root); idempotent."""
    known = WitnessKey.objects.filter(name=(witness or "").strip().lower()).first()
    if known is None:
        raise Refused(_("No witness is registered under that name."))
    head = TreeHead.objects.filter(size=size, root_hash=(root_hash or "").lower()).first()
    if head is None:
        raise Refused(_("This log signed no head of that size and root."))
    try:
        raw = base64.b64decode(signature or "", validate=True)
        body = checkpoint.split_note(head.note)[0]
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(known.public_key)).verify(
            raw, checkpoint.cosignature_message(body, int(time_s)))
    except (binascii.Error, ValueError, InvalidSignature, checkpoint.BadNote):
        raise Refused(_("The cosignature does not verify with the witness's registered key.")) from None
    existing = WitnessCosignature.objects.filter(witness=known, head=head).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return WitnessCosignature.objects.create(witness=known, head=head, time_s=int(time_s),
                                                     signature=signature)
    except IntegrityError:
        return WitnessCosignature.objects.get(witness=known, head=head)
