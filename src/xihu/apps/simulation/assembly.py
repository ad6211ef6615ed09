"""Screening assemblies and round-table deliberation (PROCESS.md 3.4): Xiangshan on 2018-01-07,
the other communities on 2018-01-13 and 14 (study).

Each community invites residents of its register (proposers, building and group leaders,
others: `assembly.invited`), `assembly.residents_per_table` per table; each invited resident
comes with chance `assembly.show_rate`, and residents who were not invited walk in
(`assembly.walk_ins`, the assembly being open to all). Each table has a host, a recorder and an
adviser from a social organisation; the platform seats everyone, each table nominates its 3
most appealing projects, and every attendee ticks `assembly.plenary_choices` projects, a few
ticking too many. Recorded through the assembly services and their batch forms."""

from __future__ import annotations

import dataclasses
import random
from datetime import datetime
from zoneinfo import ZoneInfo

from xihu.apps.assemblies import batch, selectors
from xihu.apps.assemblies import services as svc
from xihu.apps.assemblies.batch import AttendeeIn
from xihu.apps.assemblies.models import Attendee
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.apps.simulation import population
from xihu.apps.simulation.world import Sim

CST = ZoneInfo("Asia/Shanghai")
REASONS = ["老人多，需求最急", "涉及安全，应尽快做", "受益居民最多", "花钱少、见效快", "居民反映多年",
           "方便孩子和老人", "改善环境卫生", "与其他桌意见一致"]
Category = Attendee.Category


def when(index: int, sim: Sim, unit: Unit) -> datetime:
    if sim.base(unit) == "xiangshan":
        return datetime(2018, 1, 7, 9, 0, tzinfo=CST)
    day, hour = (13, 14)[index % 2], (9, 14)[(index // 2) % 2]
    return datetime(2018, 1, day, hour, 0, tzinfo=CST)


def _advisers(unit: Unit) -> list[SocialOrganisation]:
    own = list(SocialOrganisation.objects.filter(home_unit=unit).order_by("pk"))
    volunteers = list(SocialOrganisation.objects.filter(kind="university_volunteers").order_by("pk"))
    return own + volunteers or list(SocialOrganisation.objects.order_by("pk")[:1])


class _People:
    """Who may come: the register's adults by kind, or made-up names without a register."""

    def __init__(self, sim: Sim, unit: Unit, rng: random.Random):
        self.rng = rng
        self.homes = population.households(sim, unit)
        adults = [r for r in population.residents(sim, unit)
                  if (population.REGISTER_DAY - r.birth).days >= 18 * 365]
        rng.shuffle(adults)
        self.pool = adults
        plan = sim.cache.get("plans", {}).get(unit.pk)
        proposers = set(plan.proposers) if plan else set()
        by_building: dict[str, population.Resident] = {}
        for r in adults:
            by_building.setdefault(r.building, r)
        self.kinds = {
            Category.PROPOSER: [r for r in adults if r.household_no in proposers],
            Category.BUILDING_LEADER: list(by_building.values()),
            Category.GROUP_LEADER: adults[: max(1, len(adults) // 200)],
            Category.RESIDENT: adults,
        }
        self.used: set[tuple[str, str]] = set()

    def take(self, category: str) -> AttendeeIn:
        rng = self.rng
        for candidates in (self.kinds.get(category, []), self.pool):
            for _try in range(20):
                if not candidates:
                    break
                r = rng.choice(candidates)
                if (r.household_no, r.name) not in self.used:
                    self.used.add((r.household_no, r.name))
                    home = self.homes.get(r.household_no)
                    return AttendeeIn(name=r.name, category=category, household=home,
                                      household_text=f"{r.building}{r.entrance}单元{r.door}")
        name = rng.choice(population.SURNAMES) + rng.choice(population.GIVEN)
        return AttendeeIn(name=name, category=category,
                          household_text=f"{rng.randint(1, 40)}-{rng.randint(1, 4)}-{rng.randint(101, 1202)}")


def hold(sim: Sim, edition: Edition, unit: Unit, index: int) -> int:
    """One whole assembly: schedule, invite, check in, seat, nominate, vote. Returns attendees
    and ballots recorded."""
    from xihu.apps.proposals.models import SummaryPlan

    params, rng = sim.params["assembly"], sim.rng("assembly", unit)
    staff = sim.person("staff", unit)
    plan = SummaryPlan.objects.filter(edition=edition, unit=unit).first()  # set at screening
    tables = plan.planned_tables if plan else sim.for_unit(params["tables"], unit)
    tables = rng.choice(tables) if isinstance(tables, list) else int(tables)
    assembly = svc.assembly_schedule(edition=edition, unit=unit, venue=f"{unit.name}居民活动中心",
                                     starts_at=when(index, sim, unit), tables=tables, actor=staff)
    people, organisations = _People(sim, unit, rng), _advisers(unit)
    roles = []
    for _table in range(tables):
        for role in ("host", "recorder"):
            roles.append(dataclasses.replace(people.take(Category.GROUP_LEADER), table_role=role))
        roles.append(AttendeeIn(name=people.take(Category.RESIDENT).name, category=Category.ADVISER,
                                table_role="adviser", organisation=rng.choice(organisations)))
    low, high = params["residents_per_table"]
    invited = [people.take(_pick(rng, params["invited"])) for _ in range(tables * rng.randint(low, high))]
    came = [a for a in invited if rng.random() < params["show_rate"]]
    walk_ins = round(len(came) * params["walk_ins"] / max(1e-9, 1 - params["walk_ins"]))
    at_door = [dataclasses.replace(people.take(Category.RESIDENT), at_door=True) for _ in range(walk_ins)]
    made = batch.attendees_add_batch(assembly=assembly, attendees=roles + invited + at_door, actor=staff)
    coming = set(map(id, roles + came))
    batch.attendees_check_in_batch(assembly=assembly, actor=staff, attendees=[
        a for a, line in zip(made[:len(roles) + len(invited)], roles + invited, strict=True) if id(line) in coming])
    svc.assembly_seat(assembly=assembly, actor=staff)
    items = selectors.items(assembly)
    appeal = {i.project_id: rng.random() ** 2 for i in items}
    sim.cache.setdefault("appeal", {}).update(appeal)
    for view in selectors.tables(assembly):
        share = sorted(view.share, key=lambda i: -appeal[i.project_id] - rng.random() * 0.2)[:3]
        if len(share) == 3:
            svc.table_record(table=view.table, actor=staff, notes=f"第{view.table.number}桌讨论约40分钟，居民发言踊跃。",
                             nominations=[(i.project_id, rng.choice(REASONS)) for i in share])
    present = selectors.attendance(assembly).checked_in
    ballots = _plenary(rng, params, items, appeal, present, assembly.max_choices)
    if ballots:
        batch.plenary_ballots_enter_batch(assembly=assembly, ballots=ballots, actor=staff)
    return len(made) + len(ballots)


def _pick(rng: random.Random, weights: dict) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _plenary(rng, params, items, appeal, present: int, max_choices: int) -> list[tuple[list[int], str, bool]]:
    ids = [i.project_id for i in items]
    if not ids:
        return []
    weights = [appeal[pid] + 0.02 for pid in ids]
    low, high = params["plenary_choices"]
    ballots = []
    for _ in range(present):
        if rng.random() < params["plenary_overvote"]:
            k = max_choices + rng.randint(1, 3)
        else:
            k = rng.randint(min(low, max_choices), min(high, max_choices))
        keyed = sorted(zip(ids, weights, strict=True), key=lambda iw: -rng.random() ** (1 / iw[1]))
        choices = sorted(pid for pid, _w in keyed[:min(k, len(ids))])
        ballots.append((choices, "phone" if rng.random() < params["plenary_phone"] else "paper", not choices))
    return ballots


def run(sim: Sim) -> int:
    """Every community with projects on its summary table holds its assembly."""
    edition = sim.edition
    if edition.stage != Stage.ASSEMBLY:
        return 0
    ordered = sorted(sim.communities, key=lambda u: (sim.base(u) != "xiangshan", u.parent_id, u.pk))
    done = 0
    with sim.progress.stage("assemblies", total=len(ordered), unit="assembly") as bar:
        for index, unit in enumerate(ordered):
            if selectors.summary_projects(edition, unit):
                done += hold(sim, edition, unit, index)
            bar.advance()
    sim.counts["assemblies"] = done
    return done
