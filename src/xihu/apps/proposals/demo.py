"""Demo step: the collection and screening of the 2017-18 edition in all 21 communities.

The demo is the simulator's default run (xihu.apps.simulation, docs/simulate.md): this step runs
its register, collection and screening stages with the pilot's parameters on an edition that
exists. The helpers below write proposals as the demo writes them (the duplicate suggester's
tests and benchmark use them)."""

import random

from xihu.apps.proposals.demo_text import GIVEN, PREFIXES, SUFFIXES, SURNAMES, THEMES
from xihu.apps.proposals.services.collection import ProposalInput


def _clusters(rng: random.Random, count: int, buildings: list[str]) -> list[dict]:
    """`count` distinct likely projects (theme at a place), popular ones first."""
    from xihu.apps.simulation.collection import _clusters as clusters

    return clusters(rng, count, buildings, THEMES)


def _phrase(rng: random.Random, phrasings: list[str], place: str) -> str:
    return rng.choice(PREFIXES) + rng.choice(phrasings).format(p=place) + rng.choice(SUFFIXES)


def _proposal(rng, cluster, *, with_contact: bool) -> ProposalInput:
    place = cluster["place"]
    location = place + (f"{rng.randint(1, 2)}单元" if cluster["building"] and rng.random() < 0.4 else "")
    return ProposalInput(
        content=_phrase(rng, cluster["phrasings"], place), title=cluster["title"], location_text=location,
        category=cluster["category"], level=cluster["level"], building=cluster["building"],
        proposer_name=rng.choice(SURNAMES) + rng.choice(GIVEN) if with_contact else "",
        proposer_contact=f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}" if with_contact else "",
    )


def _pick_cluster(rng, clusters):
    weights = [1 / (k + 1) ** 0.7 for k in range(len(clusters))]
    return rng.choices(range(len(clusters)), weights=weights)[0]


def load_demo_data(*, edition, users) -> None:
    from xihu.apps.simulation import collection, population, screening
    from xihu.apps.simulation.params import pilot
    from xihu.apps.simulation.world import attach

    sim = attach(pilot(), edition, users)
    population.run(sim)
    collection.run(sim)
    screening.run(sim)
