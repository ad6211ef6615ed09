"""Public JSON reads of frozen ballots: items, amounts, rules and fingerprint (what voting and
counting read, and what anyone can check against the ledger)."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from xihu.apps.ballots.models import Ballot
from xihu.apps.ballots.selectors import ballots_of
from xihu.apps.web.scoping import api_edition

router = Router(tags=["ballots"])


class BallotItemOut(Schema):
    number: int
    project: int
    title: str
    amount: int


class BallotOut(Schema):
    id: int
    edition: str
    unit: str
    kind: str
    max_choices: int
    budget: int
    fingerprint: str
    frozen_at: datetime
    items: list[BallotItemOut]


def _ballot_out(ballot: Ballot) -> dict:
    return {"id": ballot.pk, "edition": ballot.edition.slug, "unit": ballot.unit.code, "kind": ballot.kind,
            "max_choices": ballot.max_choices, "budget": ballot.budget, "fingerprint": ballot.fingerprint,
            "frozen_at": ballot.frozen_at,
            "items": [{"number": i.number, "project": i.project_id, "title": i.title, "amount": i.amount}
                      for i in ballot.items.order_by("number")]}


@router.get("/", response=list[BallotOut])
def list_ballots(request, edition: str | None = None):
    """The frozen ballots of an edition (`edition`: its short name; default the current one)."""
    edition = api_edition(edition)
    frozen = ballots_of(edition).filter(frozen_at__isnull=False).select_related("edition")
    return [_ballot_out(b) for b in frozen.prefetch_related("items")]


@router.get("/{ballot_id}", response=BallotOut)
def get_ballot(request, ballot_id: int):
    ballot = get_object_or_404(Ballot.objects.select_related("edition", "unit"), pk=ballot_id,
                               frozen_at__isnull=False)
    return _ballot_out(ballot)
