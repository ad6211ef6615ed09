"""Nightly seals: closing a box records the time, two officers, the ballots in it (electronic
counted by the platform, paper declared) and the seal number; reopening records what was
found. Differences are flagged publicly (selectors.box_flags). Sealing first writes the box's
waiting electronic ballots, shuffled (services/mixing.py), then commits to the box's contents
and to the receipts handed out since the box was last opened."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions.access import require
from xihu.apps.ledger.services import ledger_append
from xihu.apps.voting.commitments import seal_payload
from xihu.apps.voting.models import Box, CastBallot, Seal
from xihu.apps.voting.services.common import last_seal, lock_box
from xihu.apps.voting.services.mixing import box_mix
from xihu.errors import Refused


def _two_officers(box: Box, officer_a, officer_b) -> None:
    edition = box.station.edition
    require(officer_a, "seal_boxes", box.community, edition)
    require(officer_b, "seal_boxes", box.community, edition)
    if officer_a.pk == officer_b.pk:
        raise Refused(_("A seal needs two different officers."))


def _electronic_in(box: Box) -> int:
    return CastBallot.objects.filter(box=box, source=CastBallot.Source.ELECTRONIC).count()


def _record(*, box, kind, officer_a, officer_b, seal_number, paper_in_box, intact, note, now,
            period: Seal | None = None) -> Seal:
    if paper_in_box < 0:
        raise Refused(_("The number of paper sheets cannot be negative."))
    if not seal_number.strip():
        raise Refused(_("Enter the seal number."))
    box_mix(box)
    electronic = _electronic_in(box)
    seal = Seal.objects.create(
        box=box, kind=kind, at=now, ballots_in_box=electronic + paper_in_box,
        electronic_in_box=electronic, paper_in_box=paper_in_box, seal_number=seal_number.strip(),
        intact=intact, officer_a=officer_a, officer_b=officer_b, note=note.strip())
    # The log entry commits to what the box holds (order-free digests): the count and the
    # verifier check the ballots against it (xihu.apps.voting.commitments).
    ledger_append(actor=officer_a, action=f"voting.box_{kind}", obj=seal, payload={
        "box": box.pk, "officer_b": officer_b.get_username(), "seal_number": seal.seal_number,
        "ballots_in_box": seal.ballots_in_box, "paper": paper_in_box,
        "intact": intact, "note": seal.note,
        **seal_payload(box, period=period if kind == Seal.Kind.SEAL else False),
    })
    return seal


@transaction.atomic
def box_seal(*, box: Box, officer_a, officer_b, seal_number: str, paper_in_box: int, note: str = "",
             now: datetime | None = None) -> Seal:
    """Close the box for the night (or at the close of voting)."""
    _two_officers(box, officer_a, officer_b)
    lock_box(box)
    latest = last_seal(box)
    if latest is not None and latest.kind == Seal.Kind.SEAL:
        raise Refused(_("Box %(box)s is sealed already.") % {"box": box})
    return _record(box=box, kind=Seal.Kind.SEAL, officer_a=officer_a, officer_b=officer_b,
                   seal_number=seal_number, paper_in_box=paper_in_box, intact=None, note=note,
                   now=now or timezone.now(), period=latest)


@transaction.atomic
def box_reopen(*, box: Box, officer_a, officer_b, seal_number_found: str, intact: bool,
               paper_in_box: int, note: str = "", now: datetime | None = None) -> Seal:
    """Open the box in the morning: the seal number found, whether it was intact, the count."""
    _two_officers(box, officer_a, officer_b)
    lock_box(box)
    latest = last_seal(box)
    if latest is None or latest.kind != Seal.Kind.SEAL:
        raise Refused(_("Box %(box)s is not sealed.") % {"box": box})
    if not intact and not note.strip():
        raise Refused(_("Describe the state of the broken seal."))
    return _record(box=box, kind=Seal.Kind.REOPEN, officer_a=officer_a, officer_b=officer_b,
                   seal_number=seal_number_found, paper_in_box=paper_in_box, intact=intact, note=note,
                   now=now or timezone.now())
