"""Demo step: the 21 screening assemblies of 2018-01-07 (Xiangshan, 6 tables) and 2018-01-13/14
(the other 20), with attendees, check-in, seating, table nominations and the plenary vote.

Runs after the proposals step, through the services, on what that step left: every community
with live projects holds its assembly. Seeded, so the demo is the same every time."""

import random
from datetime import datetime
from zoneinfo import ZoneInfo

from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.assemblies import selectors
from xihu.apps.assemblies import services as svc
from xihu.apps.assemblies.models import Attendee
from xihu.apps.editions.models import Edition
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import STAGE_ORDER, Stage
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.errors import Refused

CST = ZoneInfo("Asia/Shanghai")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程魏苏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂兰玉珍凤红建国志文斌海波辉鹏宇浩然欣怡子轩梓涵"
REASONS = ["老人多，需求最急", "涉及安全，应尽快做", "受益居民最多", "花钱少、见效快", "居民反映多年",
           "方便孩子和老人", "改善环境卫生", "与其他桌意见一致"]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _staff(unit: Unit, users: dict[str, User]) -> User:
    """The community's staff login (the pilot's named ones exist; others are made here)."""
    assignment = RoleAssignment.objects.filter(unit=unit, role=Role.COMMUNITY_STAFF).select_related("user").first()
    if assignment:
        return assignment.user
    from xihu.apps.demo.people import demo_person

    user = demo_person(username=f"staff_{unit.code}", display=f"{unit.name}工作人员",
                       role=Role.COMMUNITY_STAFF, unit=unit)
    users[user.username] = user
    return user


def _advance_to(edition: Edition, stage: str, admin: User) -> bool:
    while STAGE_ORDER.index(edition.stage) < STAGE_ORDER.index(stage):
        try:
            edition_advance(edition=edition, actor=admin)
        except Refused as refusal:
            print(f"assemblies demo: cannot advance to {stage}: {refusal}")
            return False
    return edition.stage == stage


def _when(index: int, code: str) -> datetime:
    if code == "xiangshan":
        return datetime(2018, 1, 7, 9, 0, tzinfo=CST)
    day, hour = (13, 14)[index % 2], (9, 14)[(index // 2) % 2]
    return datetime(2018, 1, day, hour, 0, tzinfo=CST)


def _advisers(unit: Unit) -> list[SocialOrganisation]:
    own = list(SocialOrganisation.objects.filter(home_unit=unit))
    volunteers = list(SocialOrganisation.objects.filter(kind="university_volunteers"))
    return own + volunteers or list(SocialOrganisation.objects.all()[:1])


def hold_assembly(*, edition: Edition, unit: Unit, staff: User, rng: random.Random, index: int = 0,
                  tables: int | None = None):
    """One whole assembly: schedule, invite, check in, seat, nominate, vote."""
    from xihu.apps.proposals.selectors.summary import planned_tables

    tables = tables or (6 if unit.code == "xiangshan" else planned_tables(edition, unit))
    assembly = svc.assembly_schedule(edition=edition, unit=unit, venue=f"{unit.name}居民活动中心",
                                     starts_at=_when(index, unit.code), tables=tables, actor=staff)
    organisations = _advisers(unit)
    for _table in range(tables):
        for role in ("host", "recorder", "adviser"):
            person = svc.attendee_add(
                assembly=assembly, name=_name(rng), actor=staff, table_role=role,
                category=Attendee.Category.ADVISER if role == "adviser" else Attendee.Category.GROUP_LEADER,
                organisation=rng.choice(organisations) if role == "adviser" else None,
                household_text=f"{rng.randint(1, 40)}-{rng.randint(1, 4)}-{rng.randint(101, 1202)}")
            svc.attendee_check_in(attendee=person, actor=staff)
    residents = tables * rng.randint(9, 11)
    categories = ([Attendee.Category.BUILDING_LEADER] * 2 + [Attendee.Category.GROUP_LEADER]
                  + [Attendee.Category.PROPOSER] * 3 + [Attendee.Category.RESIDENT] * 4)
    households = [f"{rng.randint(1, 40)}-{rng.randint(1, 4)}-{rng.randint(101, 1202)}"
                  for _ in range(residents * 3 // 4)]
    for _ in range(residents):
        at_door = rng.random() < 0.25
        person = svc.attendee_add(assembly=assembly, name=_name(rng), actor=staff, at_door=at_door,
                                  category=Attendee.Category.RESIDENT if at_door else rng.choice(categories),
                                  household_text=rng.choice(households))
        if not at_door:
            svc.attendee_check_in(attendee=person, actor=staff)
    for _ in range(residents // 8):  # invited but did not come
        svc.attendee_add(assembly=assembly, name=_name(rng), actor=staff,
                         category=Attendee.Category.RESIDENT)
    svc.assembly_seat(assembly=assembly, actor=staff)
    items = selectors.items(assembly)
    appeal = {i.project_id: rng.random() ** 2 for i in items}
    for view in selectors.tables(assembly):
        share = sorted(view.share, key=lambda i: -appeal[i.project_id] - rng.random() * 0.2)[:3]
        if len(share) == 3:
            svc.table_record(table=view.table, actor=staff,
                             notes=f"第{view.table.number}桌讨论约40分钟，居民发言踊跃。",
                             nominations=[(i.project_id, rng.choice(REASONS)) for i in share])
    _plenary(assembly, staff, rng, items, appeal)
    return assembly


def _plenary(assembly, staff, rng, items, appeal) -> None:
    present = selectors.attendance(assembly).checked_in
    ids = [i.project_id for i in items]
    weights = [appeal[pid] + 0.02 for pid in ids]
    for _ in range(present):
        roll = rng.random()
        if roll < 0.02:
            choices = []
        else:
            k = rng.randint(11, 13) if roll < 0.05 else rng.randint(4, assembly.max_choices)
            choices = set()
            while len(choices) < min(k, len(ids)):
                choices.add(rng.choices(ids, weights)[0])
        svc.plenary_ballot_enter(assembly=assembly, choices=sorted(choices), actor=staff,
                                 channel="phone" if rng.random() < 0.3 else "paper")


def load_demo_data(*, edition: Edition, users: dict[str, User]) -> None:
    if not _advance_to(edition, Stage.ASSEMBLY, users["admin"]):
        return
    rng = random.Random(20180107)
    communities = Unit.objects.filter(kind=Unit.Kind.COMMUNITY, parent__parent=edition.district)
    ordered = sorted(communities, key=lambda u: (u.code != "xiangshan", u.parent.code, u.code))
    for index, unit in enumerate(ordered):
        if not selectors.summary_projects(edition, unit):
            continue
        hold_assembly(edition=edition, unit=unit, staff=_staff(unit, users), rng=rng, index=index)
