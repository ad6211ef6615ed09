"""A unit's editions side by side: one row per edition of its district with the proposals
collected, the turnout, the projects on its ballots, the money funded and how far the funded
projects are. Six queries whatever the number of proposals, voters or editions: every figure is
counted by the database, grouped by edition."""

from dataclasses import dataclass

from django.db.models import Count, Q

from xihu.apps.ballots.models import BallotItem
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Proposal
from xihu.apps.results.models import Confirmation, ImplementationUpdate
from xihu.apps.voting.models import Registration


@dataclass
class EditionFigures:
    edition: Edition
    proposals: int = 0
    registrations: int = 0
    residents: int = 0
    ballot_items: int = 0
    funded_projects: int = 0
    funded_amount: int = 0
    completed: int = 0
    spent: int = 0

    @property
    def turnout_percent(self) -> float | None:
        return 100 * self.registrations / self.residents if self.residents else None

    @property
    def completed_percent(self) -> float | None:
        return 100 * self.completed / self.funded_projects if self.funded_projects else None


def _district_id(unit: Unit) -> int:
    if unit.kind == Unit.Kind.COMMUNITY:
        return unit.parent.parent_id
    return unit.parent_id if unit.kind == Unit.Kind.STREET else unit.pk


def _communities(unit: Unit) -> Q:
    """The communities a unit's figures add up (as a filter on a `community` field)."""
    if unit.kind == Unit.Kind.COMMUNITY:
        return Q(community_id=unit.pk)
    if unit.kind == Unit.Kind.STREET:
        return Q(community__parent_id=unit.pk)
    return Q(community__parent__parent_id=unit.pk)


def _ballot_units(unit: Unit) -> Q:
    """Ballots of the unit and of the units beneath it (as a filter on a `ballot` field)."""
    if unit.kind == Unit.Kind.COMMUNITY:
        return Q(ballot__unit_id=unit.pk)
    if unit.kind == Unit.Kind.STREET:
        return Q(ballot__unit_id=unit.pk) | Q(ballot__unit__parent_id=unit.pk)
    return (Q(ballot__unit_id=unit.pk) | Q(ballot__unit__parent_id=unit.pk)
            | Q(ballot__unit__parent__parent_id=unit.pk))


def unit_editions(unit: Unit) -> list[EditionFigures]:
    """One row per edition of the unit's district, newest first. `unit` should come with
    select_related("parent") so that its district is known without a query."""
    editions = list(Edition.objects.filter(district_id=_district_id(unit)).order_by("-created_at", "-pk"))
    rows = {e.pk: EditionFigures(e, residents=unit.residents) for e in editions}
    if not rows:
        return []
    for row in (Proposal.objects.filter(_communities(unit), edition_id__in=rows)
                .values("edition_id").annotate(n=Count("pk"))):
        rows[row["edition_id"]].proposals = row["n"]
    # turnout as the results count it: one person's ballot of the unit's own level
    kind = "street" if unit.kind == Unit.Kind.STREET else "community"
    for row in (Registration.objects.filter(_communities(unit), edition_id__in=rows, ballot_kind=kind)
                .values("edition_id").annotate(n=Count("pk"))):
        rows[row["edition_id"]].registrations = row["n"]
    items = list(BallotItem.objects.filter(_ballot_units(unit), ballot__edition_id__in=rows,
                                           ballot__frozen_at__isnull=False)
                 .values("pk", "ballot_id", "ballot__edition_id", "number", "amount"))
    for item in items:
        rows[item["ballot__edition_id"]].ballot_items += 1
    winners = {(c["ballot_id"], n)
               for c in Confirmation.objects.filter(_ballot_units(unit), ballot__edition_id__in=rows)
               .values("ballot_id", "confirmed_winners") for n in c["confirmed_winners"]}
    funded = {i["pk"]: i for i in items if (i["ballot_id"], i["number"]) in winners}
    for item in funded.values():
        rows[item["ballot__edition_id"]].funded_projects += 1
        rows[item["ballot__edition_id"]].funded_amount += item["amount"]
    latest_status, latest_spent = {}, {}
    for update in (ImplementationUpdate.objects.filter(item_id__in=list(funded))
                   .order_by("item_id", "at", "pk").values("item_id", "status", "spent")):
        latest_status[update["item_id"]] = update["status"]
        if update["spent"] is not None:
            latest_spent[update["item_id"]] = update["spent"]
    for item_id, item in funded.items():
        row = rows[item["ballot__edition_id"]]
        row.completed += latest_status.get(item_id) == ImplementationUpdate.Status.DONE
        row.spent += latest_spent.get(item_id, 0)
    return [rows[e.pk] for e in editions]
