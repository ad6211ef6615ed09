"""Budget quotas and ballots (PROCESS.md 3.5): the street prices the top of each ranked list
(with the experts' cost notes), draws `ballots.community_items` projects onto each community
ballot and `ballots.street_items` onto the street ballot, freezes every ballot and reserves
numbered sheets for `ballots.printed_share` of the unit's residents; then voting opens."""

from __future__ import annotations

import math

from xihu.apps.ballots import services as svc
from xihu.apps.ballots.selectors import unit_sheet
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.simulation.world import Sim

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


def _amount(rng, low: int, high: int, step: int = 1000) -> int:
    return rng.randrange(low // step, high // step + 1) * step


def price_and_freeze(sim: Sim, unit: Unit, officer, *, take: int, low: int, high: int) -> int:
    """Price the top `take` projects of the unit's ranked list, draw, freeze and print."""
    rng = sim.rng("ballots", unit)
    sheet = unit_sheet(sim.edition, unit)
    chosen = []
    for row in sheet.rows[:take]:
        note = COST_NOTES.get(row.project.category, "材料与人工，按专家意见估算")
        quota = svc.quota_set(project=row.project, amount=_amount(rng, low, high), note=note, actor=officer)
        if quota.amount <= (sheet.budget or 0):
            chosen.append(row.project.pk)
    if not chosen:
        return 0
    ballot = svc.ballot_draw(edition=sim.edition, unit=unit, project_ids=chosen, actor=officer)
    ballot = svc.ballot_freeze(ballot=ballot, actor=officer)
    needed = math.ceil(unit.residents * sim.params.get("ballots.printed_share"))
    while needed > 0:
        run = svc.print_run_create(ballot=ballot, count=min(needed, svc.MAX_SHEETS_PER_RUN), actor=officer)
        needed -= run.count
    return len(chosen)


def run(sim: Sim) -> int:
    params = sim.params["ballots"]
    if sim.edition.stage == Stage.ASSEMBLY:
        edition_advance(edition=sim.edition, actor=sim.admin, to_stage=Stage.QUOTA)
    if sim.edition.stage != Stage.QUOTA:
        return 0
    items = 0
    with sim.progress.stage("ballots", total=len(sim.communities) + len(sim.streets), unit="ballot") as bar:
        for street in sim.streets:
            officer = sim.street_officer(street)
            for community in (c for c in sim.communities if c.parent_id == street.pk):
                low, high = params["community_items"]
                take = sim.rng("ballot-size", community).randint(low, high)
                items += price_and_freeze(sim, community, officer, take=take, low=params["community_amount"][0],
                                          high=params["community_amount"][1])
                bar.advance()
            items += price_and_freeze(sim, street, officer, take=params["street_items"],
                                      low=params["street_amount"][0], high=params["street_amount"][1])
            bar.advance()
    edition_advance(edition=sim.edition, actor=sim.admin, to_stage=Stage.VOTING)
    sim.counts["ballots"] = items
    return items
