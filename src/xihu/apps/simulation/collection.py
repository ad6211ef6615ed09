"""Proposal collection (PROCESS.md 3.2): door-to-door visits by staff, volunteers or both, street
booths and online proposals, each from a resident of the register.

Each community gets its share of `collection.proposals`. Its staff assign buildings to the
volunteers; each building is visited by volunteers, staff or both (`collection.visitors`), and
every visit ends as `collection.outcomes` gives for who went; a household that gives proposals
gives one or two, from one of its adult members. Doors bring `door_share` of the community's
proposals, residents type `online_share` themselves, booths bring the rest. What a proposal asks
for is one of the community's likely projects (themes at places, a few popular), a street-level
project, or something one of the seven reasons excludes. Recorded through the services: visit
logs and proposals as typed-up batches, online proposals one by one."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from xihu.apps.organisation.models import Unit
from xihu.apps.proposals import services
from xihu.apps.proposals.demo_text import (
    EXCLUDED,
    GIVEN,
    PLACES,
    PREFIXES,
    STREET_PLACES,
    STREET_THEMES,
    SUFFIXES,
    SURNAMES,
    THEMES,
)
from xihu.apps.proposals.models import Channel, CollectorType, VisitOutcome
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput, VisitLine
from xihu.apps.simulation import population
from xihu.apps.simulation.world import Sim, login_name

ADULT_AGE = 18


@dataclass
class Plan:
    """What one community's collection made: which proposal asks for what."""

    unit: Unit
    total: int
    tables: int
    per_table: int
    clusters: list[dict] = field(default_factory=list)
    members: dict[int, list[int]] = field(default_factory=dict)   # cluster -> proposal pks
    street_members: list[tuple[int, int]] = field(default_factory=list)  # (street cluster, pk)
    to_exclude: list[tuple[int, str, str]] = field(default_factory=list)  # (pk, reason, why)
    proposers: list[str] = field(default_factory=list)  # household numbers of proposers


def allocate(sim: Sim) -> dict[int, int]:
    """Proposals per community: the fixed ones, the rest by residents with some spread, adding
    up exactly to collection.proposals times the scale (largest remainders)."""
    params = sim.params["collection"]
    total = params["proposals"] * sim.params.scale
    fixed = {u.pk: params["fixed"][sim.base(u)] for u in sim.communities if sim.base(u) in params["fixed"]}
    others = [u for u in sim.communities if u.pk not in fixed]
    rest = max(0, total - sum(fixed.values()))
    rng = sim.rng("allocate")
    weights = [u.residents * math.exp(rng.gauss(0, params["spread"])) for u in others]
    shares = [rest * w / (sum(weights) or 1) for w in weights]
    counts = {u.pk: int(s) for u, s in zip(others, shares, strict=True)}
    by_remainder = sorted(range(len(others)), key=lambda i: (-(shares[i] - int(shares[i])), i))
    for i in by_remainder[:rest - sum(counts.values())]:
        counts[others[i].pk] += 1
    return {**counts, **fixed}


def _choose(rng: random.Random, mapping: dict):
    keys = list(mapping)
    return rng.choices(keys, weights=[mapping[k] for k in keys])[0]


def _clusters(rng, count: int, buildings: list[str], themes=THEMES, places=PLACES, near=0.45) -> list[dict]:
    """`count` distinct likely projects (a theme at a place), the popular ones first."""
    chosen, seen = [], set()
    limit = len(themes) * (len(places) + len(buildings))
    while len(chosen) < min(count, limit):
        theme = rng.randrange(len(themes))
        place = rng.choice(buildings) if buildings and rng.random() < near else rng.choice(places)
        if (theme, place) in seen:
            continue
        seen.add((theme, place))
        category, level, title, phrasings = themes[theme]
        chosen.append({"category": category, "level": level, "title": title.format(p=place),
                       "phrasings": phrasings, "place": place, "building": place if "栋" in place else ""})
    return chosen


def street_clusters(sim: Sim, street: Unit) -> list[dict]:
    return _clusters(sim.rng("street-projects", street), 10, [], STREET_THEMES, STREET_PLACES, 0)


class _Community:
    def __init__(self, sim: Sim, unit: Unit, total: int, street_projects: list[dict]):
        self.sim, self.unit, self.rng = sim, unit, sim.rng("collection", unit)
        self.params = sim.params["collection"]
        self.street_projects = street_projects
        tables = sim.for_unit(sim.params.get("assembly.tables"), unit)
        per_table = sim.for_unit(sim.params.get("assembly.per_table"), unit)
        tables = self.rng.choice(tables) if isinstance(tables, list) else tables
        per_table = self.rng.choice(per_table) if isinstance(per_table, list) else per_table
        self.plan = Plan(unit, total, int(tables), int(per_table))
        self.staff = sim.person("staff", unit)
        self.volunteers = [sim.person("volunteer" if n == 0 else f"volunteer{n + 1}", unit)
                           for n in range(self.params["volunteers"])]
        self.residents = population.residents(sim, unit)
        self.adults = [r for r in self.residents if (population.REGISTER_DAY - r.birth).days >= ADULT_AGE * 365]

    # -- what a proposal asks for
    def _key(self, unfilled: list[int]):
        roll = self.rng.random()
        if roll < self.params["excludable_share"]:
            return ("x", self.rng.randrange(len(EXCLUDED)))
        if roll < self.params["excludable_share"] + self.params["street_share"]:
            return ("s", self.rng.randrange(len(self.street_projects)))
        if unfilled:
            return ("c", unfilled.pop())
        clusters = self.plan.clusters
        weights = [1 / (k + 1) ** self.sim.params.get("screening.popularity") for k in range(len(clusters))]
        return ("c", self.rng.choices(range(len(clusters)), weights=weights)[0])

    def _input(self, key, building: str, proposer: str) -> ProposalInput:
        rng = self.rng
        kind, index = key
        contact = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
        if kind == "x":
            text, category, _reason, _why = EXCLUDED[index]
            place = building or rng.choice(PLACES)
            return ProposalInput(content=text.format(p=place), location_text=place, category=category,
                                 building=building, proposer_name=proposer, proposer_contact=contact)
        cluster = (self.plan.clusters if kind == "c" else self.street_projects)[index]
        place = cluster["place"]
        location = place + (f"{rng.randint(1, 2)}单元" if cluster["building"] and rng.random() < 0.4 else "")
        content = rng.choice(PREFIXES) + rng.choice(cluster["phrasings"]).format(p=place) + rng.choice(SUFFIXES)
        with_contact = rng.random() < 0.8
        return ProposalInput(content=content, title=cluster["title"], location_text=location,
                             category=cluster["category"], level=cluster["level"],
                             building=cluster["building"] or building,
                             proposer_name=proposer if with_contact else "",
                             proposer_contact=contact if with_contact else "")

    def _remember(self, pk: int, key) -> None:
        kind, index = key
        if kind == "c":
            self.plan.members.setdefault(index, []).append(pk)
        elif kind == "s":
            self.plan.street_members.append((index, pk))
        else:
            self.plan.to_exclude.append((pk, EXCLUDED[index][2], EXCLUDED[index][3]))

    def _someone(self) -> str:
        if self.adults:
            return self.rng.choice(self.adults).name
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    # -- the rounds
    def collect(self) -> int:
        sim, unit, rng, plan = self.sim, self.unit, self.rng, self.plan
        homes = population.households(sim, unit)
        buildings = sorted({h.building for h in homes.values()}, key=lambda b: (len(b), b))
        plan.clusters = _clusters(rng, plan.tables * plan.per_table, buildings)
        unfilled = list(range(len(plan.clusters)))
        visitors = {b: _choose(rng, self.params["visitors"]) for b in buildings}
        for volunteer in self.volunteers:
            for building in rng.sample(buildings, min(self.params["assigned_buildings"], len(buildings))):
                services.building_assign(edition=sim.edition, community=unit, building=building,
                                         collector=volunteer, actor=self.staff)
        online = round(plan.total * self.params["online_share"])
        door_target = min(round(plan.total * self.params["door_share"]), plan.total - online)
        members: dict[str, list] = {}
        for r in self.adults:
            members.setdefault(r.household_no, []).append(r)
        order = sorted(homes)
        rng.shuffle(order)
        visit_lines, given = [], []
        for number in order:
            if sum(n for n, _who in given) >= door_target:
                break
            household = homes[number]
            kind = visitors[household.building]
            outcome = _choose(rng, self.params["outcomes"][kind])
            collector = self.staff if kind == CollectorType.STAFF else rng.choice(self.volunteers)
            visit_lines.append(VisitLine(household, outcome, kind, collector))
            n = 0
            if outcome == VisitOutcome.PROPOSALS:
                n = min(int(_choose(rng, self.params["per_household"])),
                        door_target - sum(k for k, _who in given))
            people = members.get(number) or [None]
            given.append((n, [rng.choice(people) for _ in range(n)]))
        made = 0
        if visit_lines:
            visits = services.visits_import(edition=sim.edition, community=unit, lines=visit_lines,
                                            actor=self.staff)
            lines, keys = [], []
            for visit, line, (n, who) in zip(visits, visit_lines, given, strict=True):
                for person in who[:n]:
                    keys.append(self._key(unfilled))
                    plan.proposers.append(line.household.household_no)
                    name = person.name if person else self._someone()
                    lines.append(ImportLine(self._input(keys[-1], line.household.building, name), Channel.DOOR,
                                            line.collector_type, collector=line.collector, visit=visit))
            for _ in range(plan.total - online - len(lines)):
                collector = rng.choice([self.staff, *self.volunteers])
                kind = CollectorType.STAFF if collector == self.staff else CollectorType.VOLUNTEER
                keys.append(self._key(unfilled))
                lines.append(ImportLine(self._input(keys[-1], "", self._someone()), Channel.BOOTH, kind,
                                        collector=collector))
            if lines:
                proposals = services.proposals_import(
                    edition=sim.edition, community=unit, lines=lines, actor=self.staff,
                    batch=f"{sim.params.seed}-{unit.code}"[:40])
                for proposal, key in zip(proposals, keys, strict=True):
                    self._remember(proposal.pk, key)
                made += len(proposals)
        resident = sim.users.get(login_name("resident", unit.code))
        for i in range(plan.total - made):
            key = self._key(unfilled)
            proposal = services.proposal_submit(
                edition=sim.edition, community=unit, data=self._input(key, "", self._someone()),
                channel=Channel.ONLINE, actor=resident if resident and i % 2 else None)
            self._remember(proposal.pk, key)
        return plan.total


def run(sim: Sim) -> int:
    """Collect in every community; keeps each community's plan for screening."""
    totals = allocate(sim)
    streets = {s.pk: street_clusters(sim, s) for s in sim.streets}
    plans: dict[int, Plan] = {}
    made = 0
    with sim.progress.stage("collection", total=sum(totals.values()), unit="proposal") as bar:
        for unit in sim.communities:
            community = _Community(sim, unit, totals[unit.pk], streets[unit.parent_id])
            n = community.collect()
            plans[unit.pk] = community.plan
            made += n
            bar.advance(n)
    sim.cache["plans"], sim.cache["street_projects"] = plans, streets
    sim.counts["collection"] = made
    return made
