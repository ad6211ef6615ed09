"""Selection (stored when the count covering a ballot is closed) and the street's confirmation."""

from django.db import transaction
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot
from xihu.apps.editions.access import require
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.results import counting
from xihu.apps.results.integrity import ballot_problems
from xihu.apps.results.models import Confirmation, SelectionResult
from xihu.apps.results.selection import select_for
from xihu.apps.results.tallying import count_marks, marks_of, tally_json
from xihu.apps.voting.models import CastBallot
from xihu.errors import Refused

MIN_REASON = 10


def covering_communities(ballot: Ballot) -> set[int]:
    """Communities whose count sessions count this ballot's papers."""
    if ballot.unit.kind == Unit.Kind.COMMUNITY:
        scope = {ballot.unit_id}
    else:
        scope = set(ballot.unit.children.values_list("pk", flat=True))
    return scope & counting.communities_to_count(ballot.edition)


def is_counted(ballot: Ballot) -> bool:
    needed = covering_communities(ballot)
    return bool(needed) and needed <= counting.communities_counted(ballot.edition)


def ballots_ready(edition, community: Unit) -> list[Ballot]:
    return [b for b in counting.community_ballots(edition, community) if is_counted(b)]


@transaction.atomic
def selection_compute(*, ballot: Ballot, actor) -> SelectionResult:
    """Count every paper of `ballot` through the engine and run the edition's rule."""
    if not is_counted(ballot):
        raise Refused(_("%(ballot)s is not fully counted yet.") % {"ballot": ballot})
    problems = ballot_problems(ballot)
    if problems:
        raise Refused(problems)
    items = list(ballot.items.order_by("number"))
    tally, papers = count_marks(ballot, items, marks_of(CastBallot.objects.filter(ballot=ballot)))
    main, other = select_for(ballot, items, tally, papers)
    result = SelectionResult.objects.create(
        ballot=ballot, tally=tally_json(tally), allocation=main.allocation,
        comparison={"rule": other.rule, "allocation": other.allocation, "winners": other.winners},
        winners=main.winners, undecided=main.undecided,
    )
    ledger_append(actor=actor, action="results.select", obj=result, payload={
        "ballot": ballot.pk, "unit": ballot.unit.code, "kind": ballot.kind,
        "budget": ballot.budget, "rule": main.rule, "tie_break": main.tie_break,
        "min_votes": 1, "tally": tally_json(tally), "winners": main.winners,
        "undecided": main.undecided, "total_cost": main.allocation["total_cost"],
        "ties": main.allocation["ties"], "comparison_rule": other.rule,
        "comparison_winners": other.winners,
    })
    return result


def latest_result(ballot: Ballot) -> SelectionResult | None:
    return SelectionResult.objects.filter(ballot=ballot).order_by("-computed_at", "-pk").first()


def street_of(ballot: Ballot) -> Unit:
    return ballot.unit if ballot.unit.kind == Unit.Kind.STREET else ballot.unit.parent


@transaction.atomic
def result_confirm(*, ballot: Ballot, actor, winners: list[int] | None = None,
                   reason: str = "") -> Confirmation:
    """The street confirms the computed winners, or departs from them with a written reason
    (the departure is public and fails the "allocation power with residents" test)."""
    ballot = (Ballot.objects.select_for_update(of=("self",))
              .select_related("edition", "unit__parent").get(pk=ballot.pk))
    require(actor, "confirm", street_of(ballot), ballot.edition)
    result = latest_result(ballot)
    if result is None:
        raise Refused(_("%(ballot)s has no computed result yet.") % {"ballot": ballot})
    if Confirmation.objects.filter(ballot=ballot).exists():
        raise Refused(_("%(ballot)s is already confirmed.") % {"ballot": ballot})
    computed = list(result.winners)
    chosen = computed if winners is None else list(dict.fromkeys(int(w) for w in winners))
    amounts = dict(ballot.items.values_list("number", "amount"))
    unknown = [w for w in chosen if w not in amounts]
    if unknown:
        raise Refused(_("Not on this ballot: %(items)s.") % {"items": unknown})
    if sum(amounts[w] for w in chosen) > ballot.budget:
        raise Refused(_("The confirmed projects cost more than the budget of %(budget)s yuan.")
                      % {"budget": ballot.budget})
    differs = set(chosen) != set(computed)
    reason = (reason or "").strip()
    if differs and len(reason) < MIN_REASON:
        raise Refused(_("Departing from the computed result needs a written reason "
                        "(at least %(n)s characters); it will be shown publicly.") % {"n": MIN_REASON})
    tie_only = bool(result.undecided) and set(computed) <= set(chosen) <= set(computed) | set(result.undecided)
    confirmation = Confirmation.objects.create(
        ballot=ballot, result=result, computed_winners=computed, confirmed_winners=chosen,
        deviates=differs and not tie_only, reason=reason, confirmed_by=actor,
    )
    ledger_append(actor=actor, action="results.confirm", obj=confirmation, payload={
        "ballot": ballot.pk, "unit": ballot.unit.code, "kind": ballot.kind,
        "computed_winners": computed, "confirmed_winners": chosen,
        "deviates": confirmation.deviates, "reason": reason,
    })
    return confirmation
