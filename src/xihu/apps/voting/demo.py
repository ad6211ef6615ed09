"""Demo step: voting week 2018-01-28 09:00 to 2018-02-03 17:00 in all 21 communities.

Three stations per community (the community office, a mobile box, a stand at a market), a box
each, officers on shift every day, nightly seals (one reopening in Xiawan finds three sheets
more than were sealed: flagged), a turnout target for Nanpu (Guangrunmen set none), and a
burst of registrations by one Xiawan officer on the last afternoon (flagged). Turnout is above
50% in both streets. A few voters per community use the tablet (the per-voter path); the rest
vote on paper, registered and double-entered in batches through the batch services, which
apply the same rules. After the close the edition enters counting; each community's paper
sheets are entered by two counters, with one mismatch adjudicated by a counter and a
scrutineer. Seeded: the same every time. Does nothing unless the ballots step left frozen
ballots and the edition in the voting stage."""

import dataclasses
import math
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from xihu.apps.accounts.identity import identity_key
from xihu.apps.accounts.models import Role, User
from xihu.apps.ballots.models import Ballot
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.demo.people import demo_login
from xihu.apps.editions.models import Edition
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Household, RegisteredResident
from xihu.apps.voting import services
from xihu.apps.voting.idnumbers import with_check_character
from xihu.apps.voting.models import Box, Registration
from xihu.apps.voting.services.batch import SheetIn, VoterIn
from xihu.errors import Refused

CST = ZoneInfo("Asia/Shanghai")
DAYS = [date(2018, 1, 28) + timedelta(days=n) for n in range(7)]
CLOSE = datetime(2018, 2, 3, 17, 0, tzinfo=CST)
COUNT_AT = datetime(2018, 2, 4, 10, 0, tzinfo=CST)
ELECTRONIC_PER_COMMUNITY = 8
STANDS = ["农贸市场门口", "超市门口", "公园入口", "公交站旁", "小学门口"]
DAY_WEIGHTS = [1.6, 1.0, 0.9, 0.9, 1.0, 1.1, 1.5]  # Sunday opening and the last day are busier


def load_demo_data(*, edition: Edition, users: dict[str, User]) -> None:
    if edition.stage != Stage.VOTING or not Ballot.objects.filter(edition=edition,
                                                                  frozen_at__isnull=False).exists():
        return
    rng = random.Random(20180128)
    communities = list(Unit.objects.filter(parent__parent=edition.district, kind=Unit.Kind.COMMUNITY)
                       .select_related("parent").order_by("parent__code", "code"))
    crew = _crews(communities, users)
    nanpu = Unit.objects.filter(code="nanpu").first()
    if nanpu and "street_nanpu" in users:
        services.turnout_target_set(edition=edition, street=nanpu, percent=50, actor=users["street_nanpu"],
                                    now=datetime(2018, 1, 20, 10, 0, tzinfo=CST))
    boxes = {c.pk: _stations(edition, c, crew[c.pk], rng) for c in communities}
    used: set[str] = set()
    plans = {c.pk: _voters(edition, c, rng, used) for c in communities}
    marks = _Marker(edition, rng)
    for index, day in enumerate(DAYS):
        for community in communities:
            _one_day(edition, community, crew[community.pk], boxes[community.pk], plans[community.pk],
                     index, day, rng, marks)
    try:
        edition_advance(edition=edition, actor=users["admin"], to_stage=Stage.COUNTING)
    except Refused as refusal:
        print(f"voting demo: cannot enter the counting stage: {refusal}")
        return
    for community in communities:
        _count_paper(community, crew[community.pk], boxes[community.pk], marks)


# ------------------------------------------------------------------ people and places

_ROLES = [("staff", Role.COMMUNITY_STAFF, "社区工作人员"), ("officer", Role.STATION_OFFICER, "投票站工作人员"),
          ("officer2", Role.STATION_OFFICER, "投票站工作人员（二）"), ("counter", Role.COUNTER, "点票员"),
          ("counter2", Role.COUNTER, "点票员（二）"), ("scrutineer", Role.SCRUTINEER, "监票员")]


def _crews(communities, users) -> dict[int, dict[str, User]]:
    """Each community's staff, two station officers, two counters and a scrutineer (the demo's
    own logins where the district has none, all with the demo password)."""
    crews = {}
    for community in communities:
        crew = {}
        for key, role, title in _ROLES:
            username = f"{key}_{community.code}".replace("-", "_")
            crew[key] = demo_login(username=username, display_name=f"{community.name}{title}",
                                   role=role, unit=community, actor=users["admin"])
        crews[community.pk] = crew
    return crews


def _stations(edition, community, crew, rng) -> dict[str, Box]:
    staff = crew["staff"]
    places = [("fixed", f"{community.name}居委会投票站", "社区办公室"),
              ("mobile", f"{community.name}流动票箱", "入户流动"),
              ("stand", f"{community.name}{rng.choice(STANDS)}投票点", "公共场所摆点")]
    boxes = {}
    for kind, name, location in places:
        station = services.station_create(edition=edition, community=community, kind=kind, name=name,
                                          location=location, actor=staff)
        boxes[kind] = services.box_create(station=station, code=f"{community.code[:3].upper()}-{kind[0].upper()}1",
                                          actor=staff)
        services.shifts_add(station=station, officer=_keeper(crew, kind), days=DAYS, actor=staff)
    return boxes


def _keeper(crew, kind: str) -> User:
    """Who registers voters at each kind of box."""
    return {"fixed": crew["officer"], "mobile": crew["officer2"], "stand": crew["staff"]}[kind]


def _id_number(birth: date, unique: int) -> str:
    """A valid, made-up identity number, different for every `unique` below ten million."""
    return with_check_character(f"36{unique // 1000 % 10000:04d}{birth:%Y%m%d}{unique % 1000:03d}")


def _voters(edition, community, rng, used: set[str]) -> list[VoterIn]:
    """The people who will vote in this community, most from the register (the proposals step's,
    whose identity numbers it can regenerate; or one the demo fills in where there is none), the
    rest working or studying here or declaring their residence. Times are set later."""
    register = list(RegisteredResident.objects.filter(household__community=community).select_related("household"))
    if not register:
        register = _fill_register(community, rng)
    numbers = _register_numbers(community) if any(r.id_key for r in register) else {}
    adults = [r for r in register if _age_on(r.birth_date, DAYS[0]) >= edition.min_age]
    wanted = math.ceil(community.residents * rng.uniform(0.53, 0.62))
    voters = []
    for resident in rng.sample(adults, len(adults)):
        if len(voters) >= int(wanted * 0.92):
            break
        if resident.id_key:
            number = numbers.get((resident.household.household_no, resident.name, resident.birth_date))
            if number is None or identity_key(number) != resident.id_key:
                continue
        else:
            number = _id_number(resident.birth_date, resident.pk)
        if number in used:
            continue
        used.add(number)
        voters.append(VoterIn(id_number=number, basis="register", name=resident.name, resident=resident, at=CLOSE))
    # the demo register lists only part of the residents: most others declare their residence
    others = [("declared", "tenancy"), ("declared", "residence_permit"), ("declared", "property_deed"),
              ("work", "employer_letter"), ("work", "business_licence"), ("study", "student_card")]
    for n in range(wanted - len(voters)):
        basis, proof = rng.choices(others, weights=[30, 25, 15, 12, 6, 12])[0]
        age = rng.randint(16, 22) if basis == "study" else rng.randint(22, 70)
        birth = date(2018 - age, rng.randint(1, 12), rng.randint(1, 28))
        number = _id_number(birth, 5_000_000 + community.pk * 10_000 + n)
        used.add(number)
        voters.append(VoterIn(id_number=number, basis=basis, proof=proof,
                              name=f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}", at=CLOSE))
    rng.shuffle(voters)
    return voters


def _register_numbers(community) -> dict[tuple[str, str, date], str]:
    """Identity numbers of the proposals step's demo register, regenerated from the community."""
    try:
        from xihu.apps.proposals.demo import REGISTER_SHARE, demo_register
    except ImportError:
        return {}
    rows = demo_register(community.code, int(community.residents * REGISTER_SHARE))
    return {(household, name, born): number for household, _b, _e, _d, name, born, number in rows}


def _age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
         "霞", "平", "刚", "桂英", "建华", "文", "华", "红", "玉兰", "志强", "海燕", "小红", "国平", "春梅"]


def _fill_register(community, rng) -> list[RegisteredResident]:
    """A plausible register of permanent residents: households of 1-5 people."""
    households, members, left, n = [], [], community.residents, 0
    while left > 0:
        n += 1
        size = min(left, rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5]))
        left -= size
        households.append((Household(community=community, household_no=f"{community.code}-{n:05d}",
                                      building=f"{rng.randint(1, 40)}栋", entrance=f"{rng.randint(1, 4)}单元",
                                      door=f"{rng.randint(1, 7)}0{rng.randint(1, 4)}"), size))
    Household.objects.bulk_create([h for h, _size in households], batch_size=2000)
    for household, size in households:
        surname = rng.choice(SURNAMES)
        for _member in range(size):
            age = rng.choices([rng.randint(0, 14), rng.randint(15, 17), rng.randint(18, 59), rng.randint(60, 92)],
                              weights=[15, 4, 58, 23])[0]
            birth = date(2018 - age, rng.randint(1, 12), rng.randint(1, 28))
            members.append(RegisteredResident(household=household, name=surname + rng.choice(GIVEN),
                                              birth_date=birth))
    RegisteredResident.objects.bulk_create(members, batch_size=2000)
    ledger_append(actor="demo", action="register.demo_fill", object_type="organisation.unit",
                  object_id=str(community.pk), payload={"community": community.code,
                                                        "households": len(households), "residents": len(members)})
    return list(RegisteredResident.objects.filter(household__community=community).select_related("household"))


# ------------------------------------------------------------------ the week

class _Marker:
    """What voters mark: each ballot's projects have a popularity; a few ballots are blank and a
    few mark too many (invalid as a whole)."""

    def __init__(self, edition, rng):
        self.rng = rng
        self.ballots = {}
        for ballot in Ballot.objects.filter(edition=edition, frozen_at__isnull=False).prefetch_related("items"):
            numbers = [i.number for i in ballot.items.all()]
            self.ballots[(ballot.unit_id, ballot.kind)] = (ballot, numbers,
                                                           [rng.random() ** 2 + 0.05 for _ in numbers])
        self.paper = defaultdict(list)  # box pk -> [(ballot, marks)]
        self.serial = defaultdict(int)

    def ballot(self, unit, kind):
        return self.ballots.get((unit.pk, kind))

    def marks(self, unit, kind) -> list[int]:
        found = self.ballot(unit, kind)
        if found is None:
            return []
        ballot, numbers, weights = found
        roll = self.rng.random()
        if roll < 0.02:
            return []
        count = ballot.max_choices + self.rng.randint(1, 2) if roll < 0.035 else self.rng.choice([1, 2, 3, 3, 4, 5, 5, 5])
        count = min(count, len(numbers))
        keyed = sorted(zip(numbers, weights, strict=True), key=lambda nw: -self.rng.random() ** (1 / nw[1]))
        return sorted(n for n, _w in keyed[:count])

    def sheet(self, ballot) -> str:
        self.serial[ballot.pk] += 1
        return sheet_id(ballot.pk, self.serial[ballot.pk])


def _times(rng, day: date, count: int, start=time(9, 0), end=time(17, 0)) -> list[datetime]:
    """Arrivals spread over the day (one per slot, at a random moment in it): a steady queue."""
    begin = datetime.combine(day, start, tzinfo=CST)
    slot = ((datetime.combine(day, end, tzinfo=CST) - begin).total_seconds() - 60) / max(count, 1)
    return [begin + timedelta(seconds=slot * (n + rng.random())) for n in range(count)]


def _one_day(edition, community, crew, boxes, voters, index, day, rng, marks) -> None:
    if index > 0:
        for kind, box in boxes.items():
            _reopen(community, crew, box, day, kind)
    share = DAY_WEIGHTS[index] / sum(DAY_WEIGHTS[index:])
    today = voters[:max(0, round(len(voters) * share))] if index < len(DAYS) - 1 else voters[:]
    del voters[:len(today)]
    if index == 0:
        _tablet_voters(edition, community, crew, boxes["fixed"], today[:ELECTRONIC_PER_COMMUNITY], day, marks)
        today = today[ELECTRONIC_PER_COMMUNITY:]
    burst = []
    if community.code == "xiawan" and index == len(DAYS) - 1:
        burst, today = today[:25], today[25:]
    kinds = list(boxes)
    per_box = defaultdict(list)
    for voter in today:
        per_box[rng.choices(kinds, weights=[5, 3, 2])[0]].append(voter)
    for kind, group in per_box.items():
        times = _times(rng, day, len(group))
        if burst and kind == "fixed":
            start = datetime.combine(day, time(16, 20), tzinfo=CST)
            group = group + burst
            times = sorted(times + [start + timedelta(seconds=18 * n) for n in range(len(burst))])
        timed = [dataclasses.replace(v, at=at) for v, at in zip(group, times, strict=True)]
        services.voters_register_batch(box=boxes[kind], officer=_keeper(crew, kind), voters=timed,
                                       kinds=_kinds(community, marks))
        for _voter in timed:
            for unit, kind_of in ((community, "community"), (community.parent, "street")):
                found = marks.ballot(unit, kind_of)
                if found:
                    marks.paper[boxes[kind].pk].append((found[0], marks.marks(unit, kind_of)))
    for box in boxes.values():
        seal_at = datetime.combine(day, time(17, 30), tzinfo=CST) if index < len(DAYS) - 1 else CLOSE + timedelta(minutes=5)
        services.box_seal(box=box, officer_a=crew["officer"], officer_b=crew["officer2"],
                          seal_number=_seal_number(box, day), paper_in_box=len(marks.paper[box.pk]), now=seal_at)


def _kinds(community, marks) -> tuple[str, ...]:
    """The ballots this community's voters receive (a unit without a frozen ballot has none)."""
    return tuple(kind for unit, kind in ((community, "community"), (community.parent, "street"))
                 if marks.ballot(unit, kind))


def _seal_number(box, day) -> str:
    return f"XH{day:%m%d}-{box.pk:04d}"


def _reopen(community, crew, box, day, kind) -> None:
    previous = day - timedelta(days=1)
    sealed = box.seals.order_by("-at", "-pk").first()
    paper = sealed.paper_in_box
    note = ""
    if community.code == "xiawan" and kind == "mobile" and day == date(2018, 1, 31):
        paper += 3  # the study's problem community: three sheets more in the morning than at night
        note = "开箱清点比封箱时多3张"
    services.box_reopen(box=box, officer_a=crew["officer2"], officer_b=crew["officer"],
                        seal_number_found=_seal_number(box, previous), intact=True, paper_in_box=paper,
                        note=note, now=datetime.combine(day, time(8, 30), tzinfo=CST))


def _tablet_voters(edition, community, crew, box, voters, day, marks) -> None:
    """The per-voter path: register, then the tablet in its own transaction."""
    for voter, at in zip(voters, _times(random.Random(community.pk), day, len(voters), time(9, 5), time(10, 0)),
                         strict=True):
        result = services.voter_register(box=box, officer=crew["officer"], id_number=voter.id_number,
                                         name=voter.name, basis=voter.basis, proof=voter.proof,
                                         resident=voter.resident, mode=Registration.Mode.ELECTRONIC, now=at,
                                         kinds=_kinds(community, marks))
        choice = {}
        for unit, kind in ((community, "community"), (community.parent, "street")):
            found = marks.ballot(unit, kind)
            if found:
                choice[found[0].pk] = marks.marks(unit, kind)
        services.ballot_cast_electronic(token=result.token, marks=choice, now=at + timedelta(minutes=2))


# ------------------------------------------------------------------ after the close

def _count_paper(community, crew, boxes, marks) -> None:
    disputed = None
    for kind, box in boxes.items():
        sheets = []
        for ballot, chosen in marks.paper[box.pk]:
            sid = marks.sheet(ballot)
            second = chosen
            if disputed is None and kind == "fixed" and chosen:
                second = sorted(set(chosen) ^ {chosen[0]})  # the second counter missed a faint mark
                disputed = (sid, chosen, box)
            sheets.append(SheetIn(sheet_id=sid, first=chosen, second=second))
        services.paper_enter_batch(box=box, first_operator=crew["counter"], second_operator=crew["counter2"],
                                   sheets=sheets, now=COUNT_AT)
    if disputed:
        sid, chosen, box = disputed
        services.paper_adjudicate(sheet_id=sid, counter=crew["counter"], scrutineer=crew["scrutineer"],
                                  choices=chosen, note="第一个记号较淡但清楚可辨，按第一次录入计",
                                  box=box, now=COUNT_AT + timedelta(minutes=30))

