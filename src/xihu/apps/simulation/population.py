"""The residents: each community's register of permanent residents (花名册), generated from
`population.*` and imported through the register service as a CSV file, as a community's staff
would. The residents are the model's agents: each has a household, a building, an age and an
identity number, and later stages pick proposers, attendees and voters among them.

The register is the district's data, not the run's: it is generated from `population.seed` and
the community's place in the pilot (so every run, whatever its seed, sees the same people, and
a later run in the same database finds the register it would have made)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate

from xihu.apps.demo.district import STREETS
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Household, RegisteredResident
from xihu.apps.proposals.services import register_import
from xihu.apps.simulation.world import Sim
from xihu.apps.voting.idnumbers import with_check_character

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华霞平刚桂兰文辉建国志红玉梅鹏飞斌宇浩凯晨欣怡子涵雨轩佳琪思远博文"
BANDS = {"0-14": (0, 14), "15-24": (15, 24), "25-34": (25, 34), "35-44": (35, 44),
         "45-54": (45, 54), "55-64": (55, 64), "65+": (65, 92)}
PILOT_CODES = [c[0] for _s, _n, _e, communities in STREETS for c in communities]
REGISTER_DAY = date(2017, 10, 29)  # ages are drawn as on the launch of the pilot


@dataclass(frozen=True, slots=True)
class Resident:
    household_no: str
    building: str
    entrance: str
    door: str
    name: str
    birth: date
    id_number: str
    pk: int = 0            # the RegisteredResident, once imported
    household_pk: int = 0


def region_code(sim: Sim, unit: Unit, prefix: str = "36") -> str:
    """Six digits standing for the resident's birthplace region in the identity number: unique
    per community of the (scaled) district, so numbers never collide."""
    base = sim.base(unit)
    copy = int(unit.code.rpartition("-")[2]) if unit.code != base else 1
    index = (copy - 1) * len(PILOT_CODES) + (PILOT_CODES.index(base) if base in PILOT_CODES else 0)
    return f"{prefix}{index:04d}"


def _name(rng: random.Random, surname: str) -> str:
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def generate(sim: Sim, unit: Unit) -> list[Resident]:
    """The register of `unit`, the same every time for the same population parameters."""
    params = sim.params["population"]
    rng = random.Random(f"{params['seed']}:{unit.code}")
    listed = round(unit.residents * params["register_share"])
    sizes, size_weights = zip(*[(int(k), w) for k, w in params["household_sizes"].items()], strict=True)
    bands, band_weights = zip(*params["ages"].items(), strict=True)
    size_cum, band_cum = list(accumulate(size_weights)), list(accumulate(band_weights))
    per_building = params["households_per_building"]
    prefix = "".join(c for c in unit.code.upper() if c.isalnum())[:4]
    region = region_code(sim, unit)
    serials: dict[date, int] = {}
    rows: list[Resident] = []
    number = 0
    while len(rows) < listed:
        building = f"{number // per_building + 1}栋"
        within = number % per_building
        entrance, floor, door = within // 12 + 1, (within % 12) // 2 + 1, within % 2 + 1
        household = f"{prefix}{number + 1:05d}"
        surname = rng.choice(SURNAMES)
        names: set[str] = set()
        size = min(rng.choices(sizes, cum_weights=size_cum)[0], listed - len(rows))
        for member in range(size):
            low, high = BANDS["25-34"][0], 85
            if member > 0:
                low, high = BANDS[rng.choices(bands, cum_weights=band_cum)[0]]
            age = rng.randint(low, high)
            born = REGISTER_DAY - timedelta(days=age * 365 + rng.randint(0, 364))
            name = _name(rng, surname if member < 2 or rng.random() < 0.7 else rng.choice(SURNAMES))
            while name in names:
                name = _name(rng, surname)
            names.add(name)
            serial = serials[born] = serials.get(born, -1) + 1
            rows.append(Resident(household, building, str(entrance), f"{floor}0{door}", name, born,
                                 with_check_character(f"{region}{born:%Y%m%d}{serial:03d}")))
        number += 1
    return rows


def _csv(rows: list[Resident]) -> bytes:
    lines = ["户号,楼栋,单元,门牌,姓名,出生日期,身份证号"]
    lines += [f"{r.household_no},{r.building},{r.entrance},{r.door},{r.name},{r.birth.isoformat()},{r.id_number}"
              for r in rows]
    return "\n".join(lines).encode()


def residents(sim: Sim, unit: Unit) -> list[Resident]:
    """The community's residents with their database keys (empty if it has no register)."""
    cache = sim.cache.setdefault("residents", {})
    if unit.pk in cache:
        return cache[unit.pk]
    stored = {(no, name, born): (pk, hh) for pk, hh, no, name, born in RegisteredResident.objects.filter(
        household__community=unit).values_list("pk", "household_id", "household__household_no", "name",
                                               "birth_date")}
    found = []
    if stored:
        for r in sim.cache.get("generated", {}).pop(unit.pk, None) or generate(sim, unit):
            keys = stored.get((r.household_no, r.name, r.birth))
            if keys:
                found.append(Resident(r.household_no, r.building, r.entrance, r.door, r.name, r.birth,
                                      r.id_number, keys[0], keys[1]))
    cache[unit.pk] = found
    return found


def households(sim: Sim, unit: Unit) -> dict[str, Household]:
    return {h.household_no: h for h in Household.objects.filter(community=unit).order_by("pk")}


def run(sim: Sim) -> int:
    """Import each community's register (a community that has one already keeps it)."""
    imported = 0
    with sim.progress.stage("register", total=len(sim.communities), unit="community") as bar:
        for unit in sim.communities:
            if not Household.objects.filter(community=unit).exists():
                rows = sim.cache.setdefault("generated", {})[unit.pk] = generate(sim, unit)
                if rows:
                    register_import(community=unit, edition=sim.edition, data=_csv(rows),
                                    filename="花名册.csv", actor=sim.person("staff", unit))
                    imported += len(rows)
            bar.advance()
    sim.counts["register"] = imported
    return imported
