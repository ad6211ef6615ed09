"""Reads for quotas and ballots: amounts in force, the quota sheet per unit, ballots."""

from dataclasses import dataclass

from xihu.apps.ballots.models import Ballot, Quota
from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import budget_of
from xihu.apps.organisation.models import Unit


def current_quotas(edition: Edition, projects) -> dict[int, Quota]:
    """The latest quota of each project (the one in force)."""
    current: dict[int, Quota] = {}
    rows = Quota.objects.filter(edition=edition, project__in=projects).order_by("project", "set_at", "pk")
    for quota in rows:
        current[quota.project_id] = quota
    return current


def quota_history(project) -> list[Quota]:
    return list(Quota.objects.filter(project=project).select_related("set_by").order_by("-set_at", "-pk"))


@dataclass
class QuotaRow:
    rank: int
    tied: bool
    votes: int
    project: object
    quota: Quota | None
    over_budget: bool
    history: int
    on_ballot: int | None


@dataclass
class UnitSheet:
    unit: Unit
    budget: int | None
    rows: list[QuotaRow]
    ballot: Ballot | None

    @property
    def priced(self) -> int:
        return sum(1 for r in self.rows if r.quota)


def unit_sheet(edition: Edition, unit: Unit) -> UnitSheet:
    """The unit's ranked list with each project's amount in force, flags and ballot number."""
    from xihu.apps.assemblies.selectors import community_ranking, street_ranking

    ranking = street_ranking(edition, unit) if unit.kind == Unit.Kind.STREET \
        else community_ranking(edition, unit)
    projects = [r.project for r in ranking]
    quotas = current_quotas(edition, projects)
    counts: dict[int, int] = {}
    for pid in Quota.objects.filter(edition=edition, project__in=projects).values_list("project_id", flat=True):
        counts[pid] = counts.get(pid, 0) + 1
    budget = budget_of(edition, unit)
    ballot = Ballot.objects.filter(edition=edition, unit=unit).prefetch_related("items").first()
    numbers = {i.project_id: i.number for i in ballot.items.all()} if ballot else {}
    rows = [
        QuotaRow(r.rank, r.tied, r.votes, r.project, quotas.get(r.project.pk),
                 bool(budget is not None and r.project.pk in quotas and quotas[r.project.pk].amount > budget),
                 counts.get(r.project.pk, 0), numbers.get(r.project.pk))
        for r in ranking
    ]
    return UnitSheet(unit, budget, rows, ballot)


def street_sheets(edition: Edition, street: Unit) -> list[UnitSheet]:
    """The street's own sheet first, then each of its communities."""
    units = [street, *street.children.order_by("code")]
    return [unit_sheet(edition, u) for u in units]


def ballots_of(edition: Edition, unit: Unit | None = None):
    ballots = Ballot.objects.filter(edition=edition).select_related("unit", "frozen_by")
    if unit is not None:
        ballots = ballots.filter(unit=unit)
    return ballots.order_by("unit__code", "kind")


def frozen_ballot_items(ballot: Ballot):
    return list(ballot.items.select_related("project").order_by("number"))
