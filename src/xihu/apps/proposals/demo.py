"""Demo step: the collection and screening of the 2017-18 edition in all 21 communities.

Seeded and deterministic. Through the services (so the ledger sees every act): each community's
register (CSV import), visit logs and proposals (bulk imports, one ledger entry per batch),
online proposals one by one, exclusions for the seven reasons and the street's review, merges
down to the summary table's target (Xiangshan: 60 projects for 6 tables), plans and reports;
then the edition moves collection -> screening -> assembly."""

import random
from collections import defaultdict
from datetime import date, timedelta

from xihu.apps.accounts.models import Role
from xihu.apps.demo.people import demo_login
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import SocialOrganisation, Unit
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
from xihu.apps.proposals.models import (
    Channel,
    CollectorType,
    Household,
    MergeMode,
    ProjectSource,
    Proposal,
    VisitOutcome,
)
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput, VisitLine
from xihu.apps.proposals.services.register import _ID_CHECK, _ID_WEIGHTS

SEED = 20180107
REGISTER_SHARE = 0.2  # the demo register lists a fifth of each community's residents
REGION = "360103"  # 南昌市西湖区
HOUSEHOLDS_PER_BUILDING = 24
OUTCOMES = {  # who went -> chances of (proposals, visited, nobody, declined): volunteers did best
    CollectorType.VOLUNTEER: (0.52, 0.24, 0.17, 0.07),
    CollectorType.BOTH: (0.44, 0.28, 0.19, 0.09),
    CollectorType.STAFF: (0.27, 0.33, 0.25, 0.15),
}
OUTCOME_ORDER = [VisitOutcome.PROPOSALS, VisitOutcome.VISITED, VisitOutcome.NOBODY, VisitOutcome.DECLINED]


# --- the register -----------------------------------------------------------------------------

def _id_number(born: date, serial: int) -> str:
    body = f"{REGION}{born:%Y%m%d}{serial % 1000:03d}"
    return body + _ID_CHECK[sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def demo_register(code: str, residents: int) -> list[tuple[str, str, str, str, str, date, str]]:
    """The demo register of a community, regenerated identically from its code: rows of
    (household number, building, entrance, door, name, birth date, identity number). Later
    demo steps (voting) can call it to know a registered resident's identity number."""
    rng = random.Random(f"register-{code}")
    rows, serial, number = [], 0, 0
    prefix = "".join(c for c in code.upper() if c.isalpha())[:3]
    while serial < residents:
        building = number // HOUSEHOLDS_PER_BUILDING + 1
        within = number % HOUSEHOLDS_PER_BUILDING
        entrance, floor, door = within // 12 + 1, (within % 12) // 2 + 1, within % 2 + 1
        household = f"{prefix}{number + 1:05d}"
        surname = rng.choice(SURNAMES)
        for member in range(rng.choice([1, 2, 2, 3, 3, 3, 4, 4, 5])):
            age = rng.randint(25, 85) if member == 0 else rng.randint(0, 90)
            born = date(2017, 12, 31) - timedelta(days=age * 365 + rng.randint(0, 364))
            name = (surname if member < 2 or rng.random() < 0.7 else rng.choice(SURNAMES)) + "".join(
                rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
            rows.append((household, f"{building}栋", str(entrance), f"{floor}0{door}", name, born,
                         _id_number(born, serial)))
            serial += 1
        number += 1
    return rows


def _register_csv(rows) -> bytes:
    lines = ["户号,楼栋,单元,门牌,姓名,出生日期,身份证号"]
    lines += [f"{h},{b},{e},{d},{n},{born.isoformat()},{idn}" for h, b, e, d, n, born, idn in rows]
    return "\n".join(lines).encode()


# --- people -----------------------------------------------------------------------------------

def _collectors(communities, users) -> dict[str, dict]:
    """The community's staff and two volunteers (named demo logins where they exist)."""
    orgs = list(SocialOrganisation.objects.exclude(kind=SocialOrganisation.Kind.EXPERT_GROUP).order_by("pk"))
    universities = [o for o in orgs if o.home_unit.kind == Unit.Kind.DISTRICT]
    own = {o.home_unit_id: o for o in orgs if o.home_unit.kind == Unit.Kind.COMMUNITY}
    people = {}
    for index, unit in enumerate(communities):
        def person(username, display, role, organisation=None, unit=unit):
            return demo_login(username=username, display_name=display, role=role, unit=unit,
                              organisation=organisation, actor=users["admin"])

        first_org = universities[index % len(universities)]
        second_org = own.get(unit.pk, universities[(index + 1) % len(universities)])
        people[unit.code] = {
            "staff": person(f"staff_{unit.code}", f"{unit.name}工作人员", Role.COMMUNITY_STAFF),
            "volunteers": [
                users.get(f"volunteer_{unit.code}") or person(
                    f"volunteer_{unit.code}", f"{first_org.name[:4]}志愿者", Role.VOLUNTEER, first_org),
                person(f"volunteer2_{unit.code}", f"{second_org.name[:4]}志愿者", Role.VOLUNTEER, second_org),
            ],
        }
    return people


# --- proposals --------------------------------------------------------------------------------

def _phrase(rng: random.Random, phrasings: list[str], place: str) -> str:
    return rng.choice(PREFIXES) + rng.choice(phrasings).format(p=place) + rng.choice(SUFFIXES)


def _clusters(rng: random.Random, count: int, buildings: list[str]) -> list[dict]:
    """`count` distinct likely projects (theme at a place), popular ones first."""
    chosen, seen = [], set()
    while len(chosen) < count:
        theme = rng.randrange(len(THEMES))
        place = rng.choice(buildings) if rng.random() < 0.45 else rng.choice(PLACES)
        if (theme, place) in seen:
            continue
        seen.add((theme, place))
        category, level, title, phrasings = THEMES[theme]
        chosen.append({"category": category, "level": level, "title": title.format(p=place),
                       "phrasings": phrasings, "place": place, "building": place if "栋" in place else ""})
    return chosen


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


class Community:
    """What the demo generates for one community, then records through the services."""

    def __init__(self, unit, edition, people, rng, street_clusters):
        self.unit, self.edition, self.rng = unit, edition, rng
        self.staff, self.volunteers = people["staff"], people["volunteers"]
        self.street_clusters = street_clusters
        self.tables = 6 if unit.code == "xiangshan" else rng.choice([5, 6, 6])
        self.per_table = 10 if self.tables == 6 else 11
        self.total = 450 if unit.code == "xiangshan" else rng.randint(150, 420)
        self.members: dict[int, list[int]] = defaultdict(list)  # cluster -> proposal pks
        self.street_members: list[tuple[int, int]] = []  # (street cluster, proposal pk)
        self.to_exclude: list[tuple[int, str, str]] = []

    def register(self) -> None:
        rows = demo_register(self.unit.code, int(self.unit.residents * REGISTER_SHARE))
        services.register_import(community=self.unit, edition=self.edition, data=_register_csv(rows),
                                 filename="花名册.csv", actor=self.staff)

    def collect(self, users) -> None:
        rng, unit = self.rng, self.unit
        households = list(Household.objects.filter(community=unit).order_by("pk"))
        buildings = sorted({h.building for h in households}, key=lambda b: int(b[:-1]))
        self.clusters = _clusters(rng, self.tables * self.per_table, buildings)
        self.unfilled = list(range(len(self.clusters)))  # every likely project gets a proposal
        who_by_building = {b: rng.choices([CollectorType.VOLUNTEER, CollectorType.BOTH, CollectorType.STAFF],
                                          weights=[5, 3, 3])[0] for b in buildings}
        for volunteer in self.volunteers:
            for building in rng.sample(buildings, min(2, len(buildings))):
                services.building_assign(edition=self.edition, community=unit, building=building,
                                         collector=volunteer, actor=self.staff)
        door_target = int(self.total * 0.62)
        visit_lines, plans = [], []
        rng.shuffle(households)
        for household in households:
            if sum(plans) >= door_target:
                break
            kind = who_by_building[household.building]
            outcome = rng.choices(OUTCOME_ORDER, weights=OUTCOMES[kind])[0]
            collector = self.staff if kind == CollectorType.STAFF else rng.choice(self.volunteers)
            visit_lines.append(VisitLine(household, outcome, kind, collector))
            plans.append(rng.choice([1, 1, 1, 2]) if outcome == VisitOutcome.PROPOSALS else 0)
        visits = services.visits_import(edition=self.edition, community=unit, lines=visit_lines,
                                        actor=self.staff)
        lines, keys = [], []
        for visit, line, n in zip(visits, visit_lines, plans, strict=True):
            for _ in range(n):
                lines.append(ImportLine(self._data(keys, line.household.building), Channel.DOOR,
                                        line.collector_type, collector=line.collector, visit=visit))
        booth = self.total - len(lines) - max(3, self.total // 40)
        for _ in range(max(0, booth)):
            collector = rng.choice([self.staff, *self.volunteers])
            kind = CollectorType.STAFF if collector == self.staff else CollectorType.VOLUNTEER
            lines.append(ImportLine(self._data(keys, ""), Channel.BOOTH, kind, collector=collector))
        made = services.proposals_import(edition=self.edition, community=unit, lines=lines, actor=self.staff)
        for proposal, key in zip(made, keys, strict=True):
            self._remember(proposal.pk, key)
        resident = users.get(f"resident_{unit.code}")
        for i in range(max(3, self.total // 40)):
            key = self._key()
            data = self._input(key, "")
            proposal = services.proposal_submit(edition=self.edition, community=unit, data=data,
                                                channel=Channel.ONLINE, actor=resident if i % 2 else None)
            self._remember(proposal.pk, key)

    def _key(self):
        rng = self.rng
        roll = rng.random()
        if roll < 0.025:
            return ("x", rng.randrange(len(EXCLUDED)))
        if roll < 0.065:
            return ("s", rng.randrange(len(self.street_clusters)))
        if self.unfilled:
            return ("c", self.unfilled.pop())
        return ("c", _pick_cluster(rng, self.clusters))

    def _input(self, key, building: str) -> ProposalInput:
        rng = self.rng
        kind, index = key
        if kind == "c":
            return _proposal(rng, self.clusters[index], with_contact=rng.random() < 0.8)
        if kind == "s":
            return _proposal(rng, self.street_clusters[index], with_contact=rng.random() < 0.8)
        text, category, _reason, _why = EXCLUDED[index]
        place = building or rng.choice(PLACES)
        return ProposalInput(content=text.format(p=place), location_text=place, category=category,
                             building=building, proposer_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                             proposer_contact=f"139{rng.randint(10_000_000, 99_999_999)}")

    def _data(self, keys: list, building: str) -> ProposalInput:
        key = self._key()
        keys.append(key)
        return self._input(key, building)

    def _remember(self, pk: int, key) -> None:
        kind, index = key
        if kind == "c":
            self.members[index].append(pk)
        elif kind == "s":
            self.street_members.append((index, pk))
        else:
            self.to_exclude.append((pk, EXCLUDED[index][2], EXCLUDED[index][3]))

    def screen(self) -> list:
        exclusions = [services.proposal_exclude(proposal=Proposal(pk=pk), reason=reason, explanation=why,
                                                actor=self.staff)
                      for pk, reason, why in self.to_exclude]
        project_of = _projects_of([pk for pks in self.members.values() for pk in pks])
        locations = dict(Proposal.objects.filter(community=self.unit).values_list("pk", "location_text"))
        merges = []
        for index, cluster in enumerate(self.clusters):
            pks = self.members.get(index, [])
            if len(pks) >= 2:
                mode = _mode(self.rng, [locations[pk] for pk in pks] if cluster["building"] else [""])
                merges.append(services.MergeSpec(tuple(project_of[pk] for pk in pks), mode,
                                                 title=cluster["title"], location_text=cluster["place"]))
        services.projects_merge_many(merges=merges, actor=self.staff)
        return exclusions


def _mode(rng, locations: list[str]) -> str:
    if len(set(locations)) > 1:
        return MergeMode.SEPARATE_LOCATIONS if rng.random() < 0.7 else MergeMode.CASE_BY_CASE
    return MergeMode.ONE_LOCATION


def _projects_of(proposal_pks: list[int]) -> dict[int, int]:
    return dict(ProjectSource.objects.filter(proposal_id__in=proposal_pks, released_at__isnull=True)
                .values_list("proposal_id", "project_id"))


def _street_clusters(rng) -> list[dict]:
    clusters, seen = [], set()
    while len(clusters) < 10:
        theme, place = rng.randrange(len(STREET_THEMES)), rng.choice(STREET_PLACES)
        if (theme, place) in seen:
            continue
        seen.add((theme, place))
        category, level, title, phrasings = STREET_THEMES[theme]
        clusters.append({"category": category, "level": level, "title": title.format(p=place),
                         "phrasings": phrasings, "place": place, "building": ""})
    return clusters


def _review(rng, exclusions, officer, community_code: str) -> None:
    """The street reviews every exclusion (the edition cannot leave screening before it has):
    it confirms most and reinstates one now and then."""
    for exclusion in exclusions:
        roll = rng.random()
        if 0.75 <= roll < 0.8 and community_code != "xiangshan":
            services.exclusion_review(exclusion=exclusion, confirm=False, actor=officer,
                                      explanation="街道复核认为可由微实事资金解决，予以恢复。")
        else:
            services.exclusion_review(exclusion=exclusion, confirm=True, explanation="同意排除。",
                                      actor=officer)


def load_demo_data(*, edition, users) -> None:
    rng = random.Random(SEED)
    admin = users["admin"]
    streets = list(Unit.objects.filter(parent=edition.district, kind=Unit.Kind.STREET).order_by("code"))
    communities = list(Unit.objects.filter(parent__in=streets).select_related("parent")
                       .order_by("parent__code", "code"))
    people = _collectors(communities, users)
    street_clusters = {s.pk: _street_clusters(rng) for s in streets}
    plan = [Community(u, edition, people[u.code], rng, street_clusters[u.parent_id]) for u in communities]
    for community in plan:
        community.register()
        community.collect(users)
    edition_advance(edition=edition, actor=admin, to_stage=Stage.SCREENING)
    for street in streets:
        officer = users[f"street_{street.code}"]
        members: dict[int, list[int]] = defaultdict(list)
        for community in (c for c in plan if c.unit.parent_id == street.pk):
            _review(rng, community.screen(), officer, community.unit.code)
            for index, pk in community.street_members:
                members[index].append(pk)
            services.summary_plan_set(edition=edition, unit=community.unit, actor=community.staff,
                                      planned_tables=community.tables, per_table=community.per_table)
            services.summary_report(edition=edition, unit=community.unit, actor=community.staff)
        project_of = _projects_of([pk for pks in members.values() for pk in pks])
        services.projects_merge_many(merges=[
            services.MergeSpec(tuple(project_of[pk] for pk in pks), MergeMode.SEPARATE_LOCATIONS,
                               title=street_clusters[street.pk][index]["title"],
                               location_text=street_clusters[street.pk][index]["place"])
            for index, pks in sorted(members.items()) if len(pks) >= 2
        ], actor=officer)
        services.summary_plan_set(edition=edition, unit=street, actor=officer, planned_tables=1, per_table=10)
        services.summary_report(edition=edition, unit=street, actor=officer)
    edition_advance(edition=edition, actor=admin, to_stage=Stage.ASSEMBLY)


__all__ = ["demo_register", "load_demo_data"]
