"""Who votes, and when (PROCESS.md 3.6; the study: turnout above 50% in both streets, Nanpu
with a target, Guangrunmen without).

Every resident of the register who is `edition.min_age` or older on the first day votes with a
chance that depends on the age band (`voting.propensity`), multiplied by a factor of the
community (`voting.community_spread`). People not on the register (declared residents, workers,
students) add `voting.others` per register voter. A street with a turnout target
(`voting.targets`) mobilises: where a community's turnout falls short of the target plus
`voting.target_margin`, its staff bring out more residents (the oldest first, as door-to-door
mobilisation does) on the last `voting.push_days` days, which is what the abuse dashboard's
"turnout jumps against targets" looks for. Voters spread over the week by `voting.day_weights`."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date

from xihu.apps.organisation.models import Unit
from xihu.apps.simulation import population
from xihu.apps.simulation.world import Sim
from xihu.apps.voting.ages import age_on, band_of_age
from xihu.apps.voting.idnumbers import with_check_character

OTHERS = [("declared", "tenancy", 30), ("declared", "residence_permit", 25), ("declared", "property_deed", 15),
          ("work", "employer_letter", 12), ("work", "business_licence", 6), ("study", "student_card", 12)]


@dataclass(frozen=True, slots=True)
class Voter:
    id_number: str
    basis: str
    name: str
    resident_pk: int = 0   # the RegisteredResident (basis "register")
    proof: str = ""
    pushed: bool = False   # brought out by the street's mobilisation


def target_of(sim: Sim, street: Unit) -> int | None:
    return sim.params.get("voting.targets").get(sim.base(street))


def _others(sim: Sim, unit: Unit, rng: random.Random, count: int, first_day: date) -> list[Voter]:
    region = population.region_code(sim, unit, prefix="37")
    serials: dict[date, int] = {}
    out = []
    for _n in range(count):
        basis, proof, _w = rng.choices(OTHERS, weights=[w for *_x, w in OTHERS])[0]
        age = rng.randint(16, 22) if basis == "study" else rng.randint(22, 70)
        birth = date(first_day.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
        serial = serials[birth] = serials.get(birth, -1) + 1
        number = with_check_character(f"{region}{birth:%Y%m%d}{serial:03d}")
        out.append(Voter(number, basis, rng.choice(population.SURNAMES) + rng.choice(population.GIVEN),
                         proof=proof))
    return out


def voters(sim: Sim, unit: Unit, days: list[date]) -> list[list[Voter]]:
    """The community's voters, day by day (each day's list in arrival order)."""
    params, rng = sim.params["voting"], sim.rng("turnout", unit)
    min_age, first = sim.edition.min_age, days[0]
    eligible = [r for r in population.residents(sim, unit) if age_on(r.birth, first) >= min_age]
    factor = max(0.2, rng.gauss(1, params["community_spread"]))
    chosen, staying = [], []
    for r in eligible:
        chance = min(0.98, params["propensity"].get(band_of_age(age_on(r.birth, first)), 0) * factor)
        (chosen if rng.random() < chance else staying).append(r)
    natural = [Voter(r.id_number, "register", r.name, r.pk) for r in chosen]
    natural += _others(sim, unit, rng, round(len(natural) * params["others"]), first)
    rng.shuffle(natural)
    pushed: list[Voter] = []
    target = target_of(sim, unit.parent)
    if target is not None:
        needed = math.ceil((target + params["target_margin"]) / 100 * unit.residents) - len(natural)
        staying.sort(key=lambda r: (r.birth, r.pk))  # the oldest first
        pushed = [Voter(r.id_number, "register", r.name, r.pk, pushed=True) for r in staying[:max(0, needed)]]
    return _by_day(rng, params, natural, pushed, len(days))


def _by_day(rng, params, natural: list[Voter], pushed: list[Voter], ndays: int) -> list[list[Voter]]:
    weights = (params["day_weights"] * ndays)[:ndays]
    out, left = [], list(natural)
    for index in range(ndays):
        share = weights[index] / sum(weights[index:])
        today = left[:round(len(left) * share)] if index < ndays - 1 else left[:]
        del left[:len(today)]
        out.append(today)
    push_days = max(1, min(params["push_days"], ndays))
    for n, voter in enumerate(pushed):
        out[ndays - push_days + n % push_days].append(voter)
    for day in out:
        rng.shuffle(day)
    return out
