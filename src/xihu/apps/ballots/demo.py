"""Demo step: the streets price the ranked projects (with the experts' advice), draw 12-15
projects per community ballot and up to 10 per street ballot, freeze every ballot, reserve
numbered sheets for 60% of each unit's residents, and the edition moves assembly -> quota ->
voting. Seeded, so the demo is the same every time."""

import math
import random

from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.ballots import services as svc
from xihu.apps.ballots.selectors import unit_sheet
from xihu.apps.editions.models import Edition
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused

PRINTED_SHARE = 0.6
COST_NOTES = {
    "lighting": "路灯及线路，按每盏约2500元估算",
    "toilet": "公厕改造，含洁具与防滑地面",
    "fitness": "健身器材采购与安装，专家建议选用户外耐候型",
    "parking": "划线、车挡与标识",
    "drainage": "疏通与更换管道，专家建议一并修复井盖",
    "security": "摄像头与线路，接入社区监控室",
    "greening": "苗木与三年养护",
    "seating": "休息座椅与遮阳棚",
    "notice": "宣传栏制作与安装",
    "roads": "路面修补与防滑处理",
    "elderly": "适老化改造，专家建议加装扶手",
    "culture": "活动室设备与一年活动经费",
}


def _amount(rng: random.Random, low: int, high: int, step: int = 1000) -> int:
    return rng.randrange(low // step, high // step + 1) * step


def _officer(street: Unit) -> User | None:
    row = RoleAssignment.objects.filter(unit=street, role=Role.STREET_OFFICER).select_related("user").first()
    return row.user if row else None


def _price_and_freeze(edition, unit, officer, rng, *, take: int, low: int, high: int) -> None:
    sheet = unit_sheet(edition, unit)
    chosen = []
    for row in sheet.rows[:take]:
        note = COST_NOTES.get(row.project.category, "材料与人工，按专家意见估算")
        quota = svc.quota_set(project=row.project, amount=_amount(rng, low, high), note=note, actor=officer)
        if quota.amount <= (sheet.budget or 0):
            chosen.append(row.project.pk)
    if chosen:
        ballot = svc.ballot_draw(edition=edition, unit=unit, project_ids=chosen, actor=officer)
        ballot = svc.ballot_freeze(ballot=ballot, actor=officer)
        _print(ballot, unit, officer)


def _print(ballot, unit: Unit, officer: User) -> None:
    """Reserve sheet serials for 60% of the unit's residents (the PDFs are made on demand)."""
    needed = math.ceil(unit.residents * PRINTED_SHARE)
    while needed > 0:
        run = svc.print_run_create(ballot=ballot, count=min(needed, svc.MAX_SHEETS_PER_RUN), actor=officer)
        needed -= run.count


def load_demo_data(*, edition: Edition, users: dict[str, User]) -> None:
    admin = users["admin"]
    try:
        if edition.stage == Stage.ASSEMBLY:
            edition_advance(edition=edition, actor=admin, to_stage=Stage.QUOTA)
    except Refused as refusal:
        print(f"ballots demo: cannot enter the quota stage: {refusal}")
        return
    if edition.stage != Stage.QUOTA:
        return
    rng = random.Random(20180115)
    for street in Unit.objects.filter(parent=edition.district, kind=Unit.Kind.STREET).order_by("code"):
        officer = _officer(street)
        if officer is None:
            continue
        for community in street.children.order_by("code"):
            _price_and_freeze(edition, community, officer, rng, take=rng.randint(12, 15),
                              low=8_000, high=60_000)
        _price_and_freeze(edition, street, officer, rng, take=10, low=60_000, high=300_000)
    try:
        edition_advance(edition=edition, actor=admin, to_stage=Stage.VOTING)
    except Refused as refusal:
        print(f"ballots demo: cannot enter the voting stage: {refusal}")
