"""Public reads: results per unit, the district overview, discrepancies and implementation."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.results import counting
from xihu.apps.results.explain import comparison_text
from xihu.apps.results.models import (
    Confirmation,
    CountSession,
    ImplementationUpdate,
    SelectionResult,
)
from xihu.apps.voting.models import Registration


@dataclass
class ItemRow:
    item: BallotItem
    votes: int
    percent: float
    computed: bool
    confirmed: bool
    compared: bool


@dataclass
class BallotResult:
    ballot: Ballot
    result: SelectionResult | None
    confirmation: Confirmation | None
    rows: list[ItemRow] = field(default_factory=list)
    registrations: int = 0
    residents: int = 0

    @property
    def tally(self) -> dict:
        return self.result.tally if self.result else {}

    @property
    def invalid_total(self) -> int:
        return sum(self.tally.get("invalid", {}).values())

    @property
    def winners(self) -> list[ItemRow]:
        if self.confirmation:
            return [r for r in self.rows if r.confirmed]
        return [r for r in self.rows if r.computed]

    @property
    def allocated(self) -> int:
        return sum(r.item.amount for r in self.winners)

    @property
    def left(self) -> int:
        return self.ballot.budget - self.allocated

    @property
    def turnout(self) -> float | None:
        return self.registrations / self.residents if self.residents else None

    @property
    def turnout_percent(self) -> float | None:
        return 100 * self.registrations / self.residents if self.residents else None

    @property
    def comparison_text(self) -> list[str]:
        return comparison_text(self) if self.result else []

    @property
    def deviates(self) -> bool:
        return bool(self.confirmation and self.confirmation.deviates)

    @property
    def ties(self) -> list[dict]:
        """The ties the rule broke, each with what it decided: `left_out` are the tied projects
        not selected in the end (none: the tie only set an order, every tied project was funded).
        A refused tie (nothing chosen) is said by the `undecided` note instead."""
        if not self.result:
            return []
        selected = set(self.result.allocation.get("selected", []))
        return [{**tie, "candidates": sorted(tie["candidates"], key=_number),
                 "left_out": sorted((c for c in tie["candidates"] if c not in selected), key=_number)}
                for tie in self.result.allocation.get("ties", []) if tie.get("chosen") is not None]


def _number(item: str) -> tuple[int, str]:
    return (int(item), item) if item.isdigit() else (0, item)


def latest_result(ballot: Ballot) -> SelectionResult | None:
    return SelectionResult.objects.filter(ballot=ballot).order_by("-computed_at", "-pk").first()


def registrations_for(ballot: Ballot) -> int:
    communities = ([ballot.unit_id] if ballot.unit.kind == Unit.Kind.COMMUNITY
                   else list(ballot.unit.children.values_list("pk", flat=True)))
    return Registration.objects.filter(edition=ballot.edition, ballot_kind=ballot.kind,
                                       community_id__in=communities).count()


def ballot_result(ballot: Ballot) -> BallotResult:
    result = latest_result(ballot)
    confirmation = Confirmation.objects.filter(ballot=ballot).select_related("confirmed_by").first()
    out = BallotResult(ballot, result, confirmation, registrations=registrations_for(ballot),
                       residents=ballot.unit.residents)
    if result is None:
        return out
    votes = result.tally["votes"]
    top = max([*votes.values(), 1])
    confirmed = set(confirmation.confirmed_winners) if confirmation else set()
    compared = set(result.comparison.get("winners", []))
    items = sorted(ballot.items.order_by("number"), key=lambda i: (-votes[str(i.number)], i.number))
    out.rows = [ItemRow(i, votes[str(i.number)], 100 * votes[str(i.number)] / top,
                        i.number in result.winners, i.number in confirmed, i.number in compared)
                for i in items]
    return out


def unit_ballots(edition: Edition, unit: Unit) -> list[Ballot]:
    return list(Ballot.objects.filter(edition=edition, unit=unit).select_related("unit", "edition")
                .order_by("kind"))


def unit_results(edition: Edition, unit: Unit) -> list[BallotResult]:
    return [ballot_result(b) for b in unit_ballots(edition, unit)]


def unit_sessions(edition: Edition, unit: Unit) -> list[counting.SessionView]:
    """Count sessions that counted this unit's papers (a street: all its communities')."""
    scope = [unit] if unit.kind == Unit.Kind.COMMUNITY else list(unit.children.all())
    sessions = CountSession.objects.filter(edition=edition, community__in=scope).select_related(
        "community", "opened_by", "edition")
    return [counting.session_view(s, with_counts=False) for s in sessions]


@dataclass
class OverviewRow:
    unit: Unit
    results: list[BallotResult]
    session: CountSession | None
    differences: int


def district_overview(edition: Edition) -> list[tuple[OverviewRow, list[OverviewRow]]]:
    sessions = {s.community_id: s for s in CountSession.objects.filter(edition=edition)
                .select_related("close")}
    differences: dict[int, int] = {}
    for session in sessions.values():
        close = getattr(session, "close", None)
        differences[session.community_id] = (
            len(close.totals.get("differences", [])) if close
            else session.explanations.values("key").distinct().count())
    tree = []
    for street in Unit.objects.filter(parent=edition.district).order_by("code"):
        children = [OverviewRow(c, unit_results(edition, c), sessions.get(c.pk),
                                differences.get(c.pk, 0))
                    for c in street.children.order_by("code")]
        street_row = OverviewRow(street, unit_results(edition, street), None,
                                 sum(r.differences for r in children))
        tree.append((street_row, children))
    return tree


def item_updates(item: BallotItem) -> list[ImplementationUpdate]:
    return list(ImplementationUpdate.objects.filter(item=item).select_related("author")
                .order_by("at", "pk"))


@dataclass
class Tracking:
    item: BallotItem
    updates: list[ImplementationUpdate]

    @property
    def latest(self) -> ImplementationUpdate | None:
        return self.updates[-1] if self.updates else None

    @property
    def spent(self) -> int:
        amounts = [u.spent for u in self.updates if u.spent is not None]
        return amounts[-1] if amounts else 0

    @property
    def spent_percent(self) -> float:
        return min(100.0, 100 * self.spent / self.item.amount) if self.item.amount else 0.0

    @property
    def overspent(self) -> bool:
        return self.spent > self.item.amount

    @property
    def status_label(self) -> str:
        return self.latest.get_status_display() if self.latest else _("not started")

    @property
    def corrections(self) -> set[int]:
        """Updates that lowered the cumulative spend (each carries its correction note)."""
        out, before = set(), None
        for update in self.updates:
            if update.spent is not None:
                if before is not None and update.spent < before:
                    out.add(update.pk)
                before = update.spent
        return out


def tracking_for(item: BallotItem) -> Tracking:
    return Tracking(item, item_updates(item))


def funded_items(edition: Edition) -> list[Tracking]:
    rows = []
    for confirmation in Confirmation.objects.filter(ballot__edition=edition).select_related(
            "ballot__unit").order_by("ballot__unit__code", "ballot__kind"):
        for item in confirmation.ballot.items.filter(number__in=confirmation.confirmed_winners):
            rows.append(tracking_for(item))
    return rows
