"""Public reads: results per unit, the district overview, discrepancies and implementation."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.models import Edition
from xihu.apps.insights.cache import cached
from xihu.apps.organisation.models import Unit
from xihu.apps.results import counting
from xihu.apps.results.explain import comparison_text
from xihu.apps.results.models import (
    Confirmation,
    CountSession,
    Explanation,
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


def registration_counts(edition: Edition) -> dict[tuple[int, str], int]:
    """Registrations per (unit, ballot kind): each community's own, and each street's summed over
    its communities. One grouped count over the edition's registrations, computed once per state
    of the public log (every registration writes it) and served from the cache meanwhile."""

    def compute() -> dict[tuple[int, str], int]:
        counts: dict[tuple[int, str], int] = defaultdict(int)
        for community, street, kind, n in (Registration.objects.filter(edition=edition).order_by()
                                           .values_list("community_id", "community__parent_id", "ballot_kind")
                                           .annotate(n=Count("id"))):
            counts[(community, kind)] += n
            counts[(street, kind)] += n
        return dict(counts)

    return cached("registrations", edition, compute)


def registrations_for(ballot: Ballot) -> int:
    return registration_counts(ballot.edition).get((ballot.unit_id, ballot.kind), 0)


def ballot_results(ballots: list[Ballot]) -> list[BallotResult]:
    """The results of these ballots of one edition (their unit and edition loaded) in a fixed
    number of queries, however many ballots, items and recounts there are."""
    if not ballots:
        return []
    ids = [b.pk for b in ballots]
    latest = {r.ballot_id: r for r in SelectionResult.objects.filter(ballot_id__in=ids)
              .order_by("ballot_id", "computed_at", "pk")}  # the newest of each ballot wins
    confirmations: dict[int, Confirmation] = {}
    for c in Confirmation.objects.filter(ballot_id__in=ids).select_related("confirmed_by"):
        confirmations.setdefault(c.ballot_id, c)  # the first, in the order Meta.ordering gives
    items = defaultdict(list)
    for item in BallotItem.objects.filter(ballot_id__in=ids).order_by("ballot_id", "number"):
        items[item.ballot_id].append(item)
    counts = registration_counts(ballots[0].edition)
    out = []
    for ballot in ballots:
        for item in items[ballot.pk]:
            item.ballot = ballot
        out.append(_ballot_result(ballot, latest.get(ballot.pk), confirmations.get(ballot.pk),
                                  items[ballot.pk], counts.get((ballot.unit_id, ballot.kind), 0)))
    return out


def _ballot_result(ballot, result, confirmation, items, registrations) -> BallotResult:
    out = BallotResult(ballot, result, confirmation, registrations=registrations,
                       residents=ballot.unit.residents)
    if result is None:
        return out
    votes = result.tally["votes"]
    top = max([*votes.values(), 1])
    confirmed = set(confirmation.confirmed_winners) if confirmation else set()
    compared = set(result.comparison.get("winners", []))
    items = sorted(items, key=lambda i: (-votes[str(i.number)], i.number))
    out.rows = [ItemRow(i, votes[str(i.number)], 100 * votes[str(i.number)] / top,
                        i.number in result.winners, i.number in confirmed, i.number in compared)
                for i in items]
    return out


def ballot_result(ballot: Ballot) -> BallotResult:
    return ballot_results([ballot])[0]


def unit_ballots(edition: Edition, unit: Unit) -> list[Ballot]:
    return list(Ballot.objects.filter(edition=edition, unit=unit).select_related("unit", "edition")
                .order_by("kind"))


def unit_results(edition: Edition, unit: Unit) -> list[BallotResult]:
    return ballot_results(unit_ballots(edition, unit))


def unit_sessions(edition: Edition, unit: Unit) -> list[counting.SessionView]:
    """The count sessions of a community, each with its differences read from the records (a
    street's page lists its communities' counts in short: street_counts)."""
    if unit.kind != Unit.Kind.COMMUNITY:
        return []
    sessions = CountSession.objects.filter(edition=edition, community=unit).select_related(
        "community", "opened_by", "edition")
    return [counting.session_view(s, with_counts=False) for s in sessions]


def street_counts(edition: Edition, street: Unit) -> list[tuple[Unit, CountSession | None, int]]:
    """Each community of the street with its count session and number of differences, in three
    queries (the full record of each count is on the community's page)."""
    communities = list(street.children.order_by("code"))
    sessions, differences = session_differences(edition, communities)
    return [(c, sessions.get(c.pk), differences.get(c.pk, 0)) for c in communities]


@dataclass
class OverviewRow:
    unit: Unit
    results: list[BallotResult]
    session: CountSession | None
    differences: int


def session_differences(edition: Edition, communities: list[Unit] | None = None
                        ) -> tuple[dict[int, CountSession], dict[int, int]]:
    """The count session of each community (the latest) and its number of differences: those
    written at its close, or the explained ones while it is open. Two queries."""
    rows = CountSession.objects.filter(edition=edition).select_related("close", "community").order_by("pk")
    if communities is not None:
        rows = rows.filter(community__in=communities)
    sessions = {s.community_id: s for s in rows}
    open_keys = dict(Explanation.objects.filter(session__in=[s.pk for s in sessions.values()]).order_by()
                     .values_list("session_id").annotate(n=Count("key", distinct=True)))
    differences: dict[int, int] = {}
    for session in sessions.values():
        close = getattr(session, "close", None)
        differences[session.community_id] = (
            len(close.totals.get("differences", [])) if close else open_keys.get(session.pk, 0))
    return sessions, differences


def district_overview(edition: Edition) -> list[tuple[OverviewRow, list[OverviewRow]]]:
    """Every street and community with its results, count session and differences, in a fixed
    number of queries."""
    sessions, differences = session_differences(edition)
    streets = list(Unit.objects.filter(parent=edition.district).order_by("code"))
    communities = defaultdict(list)
    for community in Unit.objects.filter(parent__in=streets).order_by("code"):
        communities[community.parent_id].append(community)
    results = defaultdict(list)
    for r in ballot_results(list(Ballot.objects.filter(edition=edition).select_related("unit", "edition")
                                 .order_by("kind"))):
        results[r.ballot.unit_id].append(r)
    tree = []
    for street in streets:
        children = [OverviewRow(c, results[c.pk], sessions.get(c.pk), differences.get(c.pk, 0))
                    for c in communities[street.pk]]
        street_row = OverviewRow(street, results[street.pk], None, sum(r.differences for r in children))
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
    """Every confirmed winner with its updates, in three queries however many projects."""
    confirmations = list(Confirmation.objects.filter(ballot__edition=edition).select_related("ballot__unit")
                         .order_by("ballot__unit__code", "ballot__kind"))
    items = defaultdict(dict)
    for item in BallotItem.objects.filter(ballot_id__in={c.ballot_id for c in confirmations}):
        items[item.ballot_id][item.number] = item
    chosen = []
    for confirmation in confirmations:
        for number in sorted(set(confirmation.confirmed_winners)):
            item = items[confirmation.ballot_id].get(number)
            if item is not None:
                item.ballot = confirmation.ballot
                chosen.append(item)
    updates = defaultdict(list)
    for update in (ImplementationUpdate.objects.filter(item_id__in={i.pk for i in chosen})
                   .select_related("author").order_by("at", "pk")):
        updates[update.item_id].append(update)
    return [Tracking(item, updates[item.pk]) for item in chosen]
