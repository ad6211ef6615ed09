"""Voting week (PROCESS.md 3.6): 2018-01-28 09:00 to 2018-02-03 17:00 (study), from the
edition's plan.

Each community runs three stations (its office, a mobile box, a stand in a public place), a box
each, officers on shift every day, boxes sealed every evening and reopened every morning. The
voters of turnout.py come day by day; a few vote on the tablet on the first morning (the
per-voter path), the rest are registered on paper in batches at the station they chose
(`voting.stations`) and put their sheets in its box. What they mark follows the assembly:
projects the plenary liked are marked more (`voting.marks`, a few blank or over-marked
ballots). After the close, two counters enter every sheet (`counting.entry_mismatches` sheets
differ and are adjudicated). `voting.burst` and `voting.seal_extra` replay the study's
pressure on turnout and a box found fuller than sealed."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from xihu.apps.ballots.models import Ballot
from xihu.apps.ballots.sheets import sheet_id
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import RegisteredResident
from xihu.apps.simulation import turnout
from xihu.apps.simulation.world import Sim
from xihu.apps.voting import services
from xihu.apps.voting.models import Box, Registration
from xihu.apps.voting.services.batch import SheetIn, VoterIn
from xihu.apps.voting.services.common import voting_window

CST = ZoneInfo("Asia/Shanghai")
STANDS = ["农贸市场门口", "超市门口", "公园入口", "公交站旁", "小学门口"]
KEEPERS = {"fixed": "officer", "mobile": "officer2", "stand": "staff"}


class Marker:
    """What voters mark on each frozen ballot: projects weighted by how the assembly liked them."""

    def __init__(self, sim: Sim):
        self.sim = sim
        self.params = sim.params["voting"]
        appeal = sim.cache.get("appeal", {})
        self.ballots = {}
        for ballot in Ballot.objects.filter(edition=sim.edition, frozen_at__isnull=False).prefetch_related("items"):
            items = list(ballot.items.all())
            rng = sim.rng("popularity", ballot.unit)
            weights = [appeal.get(i.project_id, rng.random() ** 2) + 0.05 for i in items]
            self.ballots[(ballot.unit_id, ballot.kind)] = (ballot, [i.number for i in items], weights)
        self.paper: dict[int, list[tuple[Ballot, list[int]]]] = defaultdict(list)  # box -> sheets
        self.serial: dict[int, int] = defaultdict(int)

    def kinds(self, community: Unit) -> tuple[str, ...]:
        return tuple(kind for unit, kind in ((community, "community"), (community.parent, "street"))
                     if (unit.pk, kind) in self.ballots)

    def ballots_of(self, community: Unit):
        return [self.ballots[(unit.pk, kind)] for unit, kind in ((community, "community"), (community.parent, "street"))
                if (unit.pk, kind) in self.ballots]

    def marks(self, rng, found) -> list[int]:
        ballot, numbers, weights = found
        roll = rng.random()
        if roll < self.params["blank"]:
            return []
        if roll < self.params["blank"] + self.params["overvote"]:
            count = ballot.max_choices + rng.randint(1, 2)
        else:
            sizes = self.params["marks"]
            count = int(rng.choices(list(sizes), weights=list(sizes.values()))[0])
        keyed = sorted(zip(numbers, weights, strict=True), key=lambda nw: -rng.random() ** (1 / nw[1]))
        return sorted(n for n, _w in keyed[:min(count, len(numbers))])

    def sheet(self, ballot: Ballot) -> str:
        self.serial[ballot.pk] += 1
        return sheet_id(ballot.pk, self.serial[ballot.pk])


def _stations(sim: Sim, community: Unit, days: list[date]) -> dict[str, Box]:
    staff, rng = sim.person("staff", community), sim.rng("stations", community)
    places = [("fixed", f"{community.name}居委会投票站", "社区办公室"),
              ("mobile", f"{community.name}流动票箱", "入户流动"),
              ("stand", f"{community.name}{rng.choice(STANDS)}投票点", "公共场所摆点")]
    boxes = {}
    for kind, name, location in places:
        station = services.station_create(edition=sim.edition, community=community, kind=kind, name=name,
                                          location=location, actor=staff)
        boxes[kind] = services.box_create(station=station, code=f"{community.code[:3].upper()}-{kind[0].upper()}1",
                                          actor=staff)
        services.shifts_add(station=station, officer=sim.person(KEEPERS[kind], community), days=days, actor=staff)
    return boxes


def _times(rng, day: date, count: int, start=time(9, 0), end=time(17, 0)) -> list[datetime]:
    """Arrivals spread over the day (one per slot, at a random moment in it): a steady queue."""
    begin = datetime.combine(day, start, tzinfo=CST)
    slot = ((datetime.combine(day, end, tzinfo=CST) - begin).total_seconds() - 60) / max(count, 1)
    return [begin + timedelta(seconds=slot * (n + rng.random())) for n in range(count)]


def _seal_number(box: Box, day: date) -> str:
    return f"XH{day:%m%d}-{box.pk:04d}"


class _Community:
    def __init__(self, sim: Sim, community: Unit, days: list[date], close: datetime, marker: Marker):
        self.sim, self.unit, self.days, self.close, self.marker = sim, community, days, close, marker
        self.rng = sim.rng("voting", community)
        self.boxes = _stations(sim, community, days)
        self.plan = turnout.voters(sim, community, days)
        wanted = [v.resident_pk for day in self.plan for v in day if v.resident_pk]
        self.residents = RegisteredResident.objects.select_related("household").in_bulk(wanted)
        self.kinds = marker.kinds(community)
        self.voted = 0

    def _voter_in(self, voter: turnout.Voter, at: datetime) -> VoterIn:
        return VoterIn(id_number=voter.id_number, basis=voter.basis, name=voter.name, proof=voter.proof,
                       resident=self.residents.get(voter.resident_pk), at=at)

    def day(self, index: int) -> None:
        sim, unit, rng, day = self.sim, self.unit, self.rng, self.days[index]
        if index > 0:
            for kind, box in self.boxes.items():
                self._reopen(kind, box, day)
        today = list(self.plan[index])
        if index == 0:
            electronic = sim.params.get("voting.electronic")
            self._tablet(today[:electronic], day)
            today = today[electronic:]
        burst_spec = sim.params.get("voting.burst")
        burst = []
        if index == len(self.days) - 1 and sim.base(unit) == burst_spec["community"] and burst_spec["people"]:
            burst, today = today[:burst_spec["people"]], today[burst_spec["people"]:]
        kinds, weights = zip(*sim.params.get("voting.stations").items(), strict=True)
        per_box: dict[str, list] = {kind: [] for kind in kinds}
        for voter in today:
            per_box[rng.choices(kinds, weights=weights)[0]].append(voter)
        last = index == len(self.days) - 1
        for kind in kinds:
            group = per_box[kind]
            end = min(time(17, 0), self.close.astimezone(CST).time()) if last else time(17, 0)
            times = _times(rng, day, len(group), end=end)
            if burst and kind == "fixed":
                start = datetime.combine(day, time(16, 20), tzinfo=CST)
                group = group + burst
                times = times + [start + timedelta(seconds=burst_spec["seconds"] * n) for n in range(len(burst))]
            if not group:
                continue
            order = sorted(range(len(group)), key=lambda i: times[i])
            timed = [self._voter_in(group[i], times[i]) for i in order]
            services.voters_register_batch(box=self.boxes[kind], officer=sim.person(KEEPERS[kind], unit),
                                           voters=timed, kinds=self.kinds)
            for _voter in timed:
                for found in self.marker.ballots_of(unit):
                    self.marker.paper[self.boxes[kind].pk].append((found[0], self.marker.marks(rng, found)))
            self.voted += len(timed)
        for box in self.boxes.values():
            seal_at = self.close + timedelta(minutes=5) if last else datetime.combine(day, time(17, 30), tzinfo=CST)
            services.box_seal(box=box, officer_a=sim.person("officer", unit), officer_b=sim.person("officer2", unit),
                              seal_number=_seal_number(box, day), paper_in_box=len(self.marker.paper[box.pk]),
                              now=seal_at)

    def _reopen(self, kind: str, box: Box, day: date) -> None:
        sim, unit = self.sim, self.unit
        sealed = box.seals.order_by("-at", "-pk").first()
        paper, note = sealed.paper_in_box, ""
        extra = sim.params.get("voting.seal_extra")
        if (extra["sheets"] and sim.base(unit) == extra["community"] and kind == extra["box"]
                and day == self.days[min(extra["day"], len(self.days)) - 1]):
            paper += extra["sheets"]
            note = f"开箱清点比封箱时多{extra['sheets']}张"
        services.box_reopen(box=box, officer_a=sim.person("officer2", unit), officer_b=sim.person("officer", unit),
                            seal_number_found=_seal_number(box, day - timedelta(days=1)), intact=True,
                            paper_in_box=paper, note=note, now=datetime.combine(day, time(8, 30), tzinfo=CST))

    def _tablet(self, voters: list[turnout.Voter], day: date) -> None:
        """The per-voter path: register, then the tablet in its own transaction."""
        sim, unit, box = self.sim, self.unit, self.boxes["fixed"]
        for voter, at in zip(voters, _times(self.rng, day, len(voters), time(9, 5), time(10, 0)), strict=True):
            v = self._voter_in(voter, at)
            result = services.voter_register(box=box, officer=sim.person("officer", unit), id_number=v.id_number,
                                             name=v.name, basis=v.basis, proof=v.proof, resident=v.resident,
                                             mode=Registration.Mode.ELECTRONIC, now=at, kinds=self.kinds)
            marks = {found[0].pk: self.marker.marks(self.rng, found) for found in self.marker.ballots_of(unit)}
            services.ballot_cast_electronic(token=result.token, marks=marks, now=at + timedelta(minutes=2))
            self.voted += 1

    def count_paper(self, at: datetime) -> int:
        """Both counters enter every sheet; a few are entered differently and adjudicated."""
        sim, unit = self.sim, self.unit
        wrong = sim.params.get("counting.entry_mismatches")
        disputed = []
        entered = 0
        for kind, box in self.boxes.items():
            sheets = []
            for ballot, chosen in self.marker.paper[box.pk]:
                sid = self.marker.sheet(ballot)
                second = chosen
                if len(disputed) < wrong and kind == "fixed" and chosen:
                    second = sorted(set(chosen) ^ {chosen[0]})  # the second counter missed a faint mark
                    disputed.append((sid, chosen, box))
                sheets.append(SheetIn(sheet_id=sid, first=chosen, second=second))
            if sheets:
                services.paper_enter_batch(box=box, first_operator=sim.person("counter", unit),
                                           second_operator=sim.person("counter2", unit), sheets=sheets, now=at)
                entered += len(sheets)
        for sid, chosen, box in disputed:
            services.paper_adjudicate(sheet_id=sid, counter=sim.person("counter", unit),
                                      scrutineer=sim.person("scrutineer", unit), choices=chosen,
                                      note="第一个记号较淡但清楚可辨，按第一次录入计", box=box,
                                      now=at + timedelta(minutes=30))
        return entered


def week_days(sim: Sim) -> tuple[list[date], datetime]:
    starts, ends = voting_window(sim.edition)
    first, last = timezone.localtime(starts, CST).date(), timezone.localtime(ends, CST).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)], ends


def run(sim: Sim) -> int:
    edition = sim.edition
    if edition.stage != Stage.VOTING or not Ballot.objects.filter(edition=edition, frozen_at__isnull=False).exists():
        return 0
    days, close = week_days(sim)
    for street in sim.streets:
        target = turnout.target_of(sim, street)
        if target is not None:
            services.turnout_target_set(edition=edition, street=street, percent=target,
                                        actor=sim.street_officer(street),
                                        now=datetime.combine(days[0] - timedelta(days=8), time(10), tzinfo=CST))
    marker = Marker(sim)
    communities = []
    with sim.progress.stage("stations", total=len(sim.communities), unit="community") as bar:
        for unit in sim.communities:
            communities.append(_Community(sim, unit, days, close, marker))
            bar.advance()
    voters = sum(len(day) for c in communities for day in c.plan)
    with sim.progress.stage("voting", total=voters, unit="voter") as bar:
        for index in range(len(days)):
            for community in communities:
                before = community.voted
                community.day(index)
                bar.advance(community.voted - before)
    edition_advance(edition=edition, actor=sim.admin, to_stage=Stage.COUNTING)
    count_at = close.astimezone(CST).replace(hour=10, minute=0) + timedelta(days=1)
    sheets = 0
    with sim.progress.stage("paper entry", total=len(communities), unit="community") as bar:
        for community in communities:
            sheets += community.count_paper(count_at)
            bar.advance()
    sim.counts["voting"] = voters
    sim.counts["paper entry"] = sheets
    return voters
