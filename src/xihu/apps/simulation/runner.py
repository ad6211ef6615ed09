"""Run a simulated edition through the platform's services, stage by stage, timing each stage
(items per second, for capacity planning), then integrate the public log."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import connection, transaction

from xihu.apps.editions.models import Edition
from xihu.apps.simulation import (
    assembly,
    ballots,
    collection,
    counting,
    figures,
    population,
    screening,
    voting,
)
from xihu.apps.simulation.params import Params
from xihu.apps.simulation.progress import SILENT, Progress
from xihu.apps.simulation.world import Sim, build

# (name, what is counted, function): the order of the edition's stages.
STAGES = [
    ("register", "resident", population.run),
    ("collection", "proposal", collection.run),
    ("screening", "act", screening.run),
    ("assemblies", "attendee or ballot", assembly.run),
    ("ballots", "ballot item", ballots.run),
    ("voting", "voter", voting.run),
    ("count", "box", counting.run),
]


@dataclass
class StageTime:
    name: str
    seconds: float
    items: int
    what: str

    @property
    def rate(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0


@dataclass
class Outcome:
    edition: Edition
    params: Params
    times: list[StageTime] = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(t.seconds for t in self.times)


def _timed(outcome: Outcome, name: str, what: str, work) -> None:
    started = time.perf_counter()
    items = work()
    _analyze()
    outcome.times.append(StageTime(name, time.perf_counter() - started, int(items or 0), what))


def _analyze() -> None:
    """PostgreSQL plans each query from table statistics that autovacuum gathers from committed
    rows only: inside this one transaction they would describe the tables as they were before
    the simulation (empty), and the planner would scan whole tables where an index serves
    (per box, per sheet: quadratic at --scale 10). ANALYZE run inside the transaction counts the
    transaction's own rows, so each stage is planned for the tables the previous stages built."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _integrate(sim: Sim) -> int:
    from xihu.apps.ledger.models import LedgerLeaf
    from xihu.apps.ledger.sequencer import integrate_pending

    before = LedgerLeaf.objects.count()
    with sim.progress.stage("public log", unit="entry"):
        integrate_pending()
    return LedgerLeaf.objects.count() - before


@transaction.atomic
def simulate(*, params: Params, progress: Progress | None = None) -> Outcome:
    """One whole edition: the district (scaled), its people, and every stage from collection
    to publication, in one transaction (all or nothing). The log is integrated at the end."""
    progress = progress or SILENT
    started = time.perf_counter()
    sim = build(params, progress)
    outcome = Outcome(edition=sim.edition, params=params,
                      times=[StageTime("set-up", time.perf_counter() - started, len(sim.communities), "community")])
    progress.line(f"Edition {sim.edition.slug}: {len(sim.streets)} streets, {len(sim.communities)} communities, "
                  f"{sum(u.residents for u in sim.communities):,} residents (seed {params.seed}, "
                  f"{connection.vendor})")
    for name, what, stage in STAGES:
        _timed(outcome, name, what, lambda stage=stage: stage(sim))
    _timed(outcome, "public log", "entry", lambda: _integrate(sim))
    sim.edition.refresh_from_db()
    outcome.figures = figures.headline(sim.edition)
    return outcome
