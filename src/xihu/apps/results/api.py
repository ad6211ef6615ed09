"""JSON API (django-ninja): the public results, the same reads as the pages."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from xihu.apps.ballots.models import Ballot
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.results.selectors import BallotResult, ballot_result, unit_results

router = Router(tags=["results"])


class ResultItemOut(Schema):
    number: int
    title: str
    amount: int
    votes: int
    computed_winner: bool
    confirmed_winner: bool


class BallotResultOut(Schema):
    unit: str
    kind: str
    budget: int
    counted: bool
    ballots: int | None
    valid: int | None
    blank: int | None
    invalid: int | None
    registrations: int
    residents: int
    allocated: int | None
    left: int | None
    confirmed: bool
    deviates: bool
    deviation_reason: str
    rule: str | None
    tie_break: str | None
    comparison_winners: list[int]
    items: list[ResultItemOut]


def _out(r: BallotResult) -> dict:
    counted = r.result is not None
    return {
        "unit": r.ballot.unit.code, "kind": r.ballot.kind, "budget": r.ballot.budget,
        "counted": counted,
        "ballots": r.tally.get("ballots"), "valid": r.tally.get("valid"),
        "blank": r.tally.get("blank"), "invalid": r.invalid_total if counted else None,
        "registrations": r.registrations, "residents": r.residents,
        "allocated": r.allocated if counted else None, "left": r.left if counted else None,
        "confirmed": r.confirmation is not None, "deviates": r.deviates,
        "deviation_reason": r.confirmation.reason if r.confirmation else "",
        "rule": r.result.allocation["rule"] if counted else None,
        "tie_break": r.result.allocation["tie_break"] if counted else None,
        "comparison_winners": r.result.comparison.get("winners", []) if counted else [],
        "items": [{"number": row.item.number, "title": row.item.title, "amount": row.item.amount,
                   "votes": row.votes, "computed_winner": row.computed,
                   "confirmed_winner": row.confirmed} for row in r.rows],
    }


@router.get("/{slug}/units/{code}", response=list[BallotResultOut])
def results_of_unit(request, slug: str, code: str):
    """Votes per project, winners, money allocated and left, valid/blank/invalid and turnout."""
    edition = get_object_or_404(Edition, slug=slug)
    return [_out(r) for r in unit_results(edition, get_object_or_404(Unit, code=code))]


@router.get("/{slug}", response=list[BallotResultOut])
def results_of_edition(request, slug: str):
    """Every ballot of the edition (communities and streets)."""
    edition = get_object_or_404(Edition, slug=slug)
    ballots = Ballot.objects.filter(edition=edition).select_related("unit", "edition").order_by("unit__code", "kind")
    return [_out(ballot_result(b)) for b in ballots]
