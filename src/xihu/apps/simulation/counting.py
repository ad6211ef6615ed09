"""The public count, the street's confirmation, publication and implementation (PROCESS.md 3.7
and 3.8).

Each community that voted opens its count with its counter and an independent scrutineer. With
`counting.abuse` on, the study's Xiawan case is replayed: community staff type totals that lower
the residents' choice (the public toilet, else the most voted project) and raise the corridor
lights; the platform computes the totals from the ballots and flags the typed ones, which the
abuse dashboard then lists. Counters in `counting.hand_count_slips` type a hand count one short.
The scrutineer explains every difference in writing, signs off each box and closes the count;
the street confirms the computed winners unchanged and the district publishes."""

from __future__ import annotations

import random

from django.db.models import Q

from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.results import counting, services
from xihu.apps.results.counting import Difference
from xihu.apps.results.models import Confirmation, CountSession, SelectionResult
from xihu.apps.simulation.world import Sim
from xihu.apps.voting.models import CastBallot

TEXTS = {
    ("seal", True): "封箱记录多于点出的选票：监票员与两名封箱工作人员逐张核对，差额为封箱时把作废的空白票也计入了票数，已对照录入记录确认。",
    ("seal", False): "最后一晚封箱时一名工作人员漏数了刚投入的选票；已对照录入记录复核，以选票记录为准。",
    ("reg", True): "部分选民登记领票后没有投票（离开投票点），登记簿上已逐一标注，监票员核对无误。",
    ("reg", False): "登记少于选票：一名工作人员在高峰时段漏登了选民，已按领票存根补核，监票员确认。",
    ("station", True): "本投票站的登记未区分票箱，按投票站合计核对：差额为登记后未投票的选民，已标注。",
    ("station", False): "本投票站的登记未区分票箱，按投票站合计核对：漏登的选民已按领票存根补核。",
    ("broken", True): "封条在搬运中被蹭破；两名封箱工作人员与监票员核对了封条编号和箱内票数，确认未被开启。",
    ("broken", False): "封条在搬运中被蹭破；两名封箱工作人员与监票员核对了封条编号和箱内票数，确认未被开启。",
}


def explanation(diff: Difference) -> str:
    kind = diff.key.split(":")[0]
    if kind == "seal" and diff.other is None:
        return "没有封箱记录：该票箱由两名工作人员全程看管直到点票，监票员已核对看管记录。"
    fewer = diff.other is not None and diff.counted < diff.other  # fewer papers than expected
    return TEXTS.get((kind, fewer), "监票员当场核对了选票记录，差额原因已记录在点票记录中。")


def _community_ballot(session: CountSession) -> Ballot | None:
    return Ballot.objects.filter(edition=session.edition, unit=session.community, kind="community").first()


def _votes(session: CountSession, ballot: Ballot) -> dict[str, int]:
    view = counting.session_view(session)
    return next(c.tally.votes for c in view.counts if c.ballot == ballot)


def typed_abuse(sim: Sim, session: CountSession, staff) -> str:
    """The study's case: staff type a lower count for the residents' choice and a higher one
    for what they wanted. Returns the explanation the scrutineer will give."""
    abuse = sim.params.get("counting.abuse")
    ballot = _community_ballot(session)
    if ballot is None:
        return ""
    votes = _votes(session, ballot)
    items = list(ballot.items.select_related("project").order_by("number"))
    lowered = next((i for i in items if i.project.category == abuse["lower"] or
                    (abuse["lower"] == "toilet" and "厕" in i.title)),
                   max(items, key=lambda i: (votes[str(i.number)], -i.number)))
    raised = next((i for i in items if i.project.category == abuse["raise"] and i != lowered), None)
    shift = max(3, round(votes[str(lowered.number)] * abuse["share"]))
    services.typed_total_enter(session=session, ballot=ballot, item=lowered, actor=staff,
                               value=max(0, votes[str(lowered.number)] - shift))
    text = f"社区工作人员录入的“{lowered.title}”票数比选票记录少 {shift} 票"
    if raised is not None:
        services.typed_total_enter(session=session, ballot=ballot, item=raised, actor=staff,
                                   value=votes[str(raised.number)] + shift)
        text += f"，“{raised.title}”多 {shift} 票"
    return text + "。按规则以选票记录为准，录入值不计，此事已报告街道并在此公开。"


def hand_count_slip(session: CountSession, counter) -> str:
    """Counters hand-count the community ballots of the first box and type one too few."""
    ballot = _community_ballot(session)
    boxes = counting.boxes_of(session.edition, session.community)
    if ballot is None or not boxes:
        return ""
    records = counting.computed_total(session, ballot, boxes[0], None)
    services.typed_total_enter(session=session, ballot=ballot, box=boxes[0], actor=counter,
                               value=max(0, records - 1))
    return (f"人工清点{boxes[0]}的社区票时两张选票粘在一起，少数了一张；监票员当众重新清点为 "
            f"{records} 张，与选票记录一致。")


def count(sim: Sim, community: Unit) -> int:
    """One community's public count, from opening to close; returns the boxes signed off."""
    counter, scrutineer = sim.person("counter", community), sim.person("scrutineer", community)
    staff = sim.users.get(f"staff_{community.code}".replace("-", "_"))
    abuse = sim.params.get("counting.abuse")
    session = services.count_session_open(
        edition=sim.edition, community=community, counters=[counter], scrutineers=[scrutineer],
        actor=staff or counter, place=f"{community.name}居委会会议室（公开点票）")
    typed = ""
    if abuse["enabled"] and sim.base(community) == abuse["community"] and staff is not None:
        typed = typed_abuse(sim, session, staff)
    elif sim.base(community) in sim.params.get("counting.hand_count_slips"):
        typed = hand_count_slip(session, counter)
    view = counting.session_view(session, with_counts=False)
    if view.differences:
        services.explanations_add(session=session, actor=scrutineer, texts={
            diff.key: typed if diff.key.startswith("typed:") and typed else explanation(diff)
            for diff in view.differences})
    services.boxes_sign_off_batch(session=session, boxes=[row.box for row in view.boxes], actor=scrutineer)
    services.session_close(session=session, actor=scrutineer)
    return len(view.boxes)


def implementation(sim: Sim) -> int:
    """A few updates: a Xiangshan project under way, a Guangrunmen street project completed."""
    plans = [("xiangshan", "staff_xiangshan", [("planned", "施工方案公示", 0, "方案在居委会公告栏公示七天"),
                                               ("in_progress", "开工", 40_000, "施工队进场，居民监督员每周巡查")]),
             ("guangrunmen", "street_guangrunmen", [("in_progress", "招标完成", 120_000, "公开招标，三家投标"),
                                                     ("done", "竣工验收", 0, "街道、社区与居民代表共同验收")])]
    done = 0
    for code, username, steps in plans:
        actor = sim.users.get(username)
        confirmation = Confirmation.objects.filter(ballot__edition=sim.edition, ballot__unit__code=code).first()
        if actor is None or confirmation is None or not confirmation.confirmed_winners:
            continue
        item = BallotItem.objects.get(ballot=confirmation.ballot, number=confirmation.confirmed_winners[0])
        spent = 0
        for status, milestone, amount, note in steps:
            spent = min(item.amount, spent + amount) if status != "done" else item.amount - item.amount // 20
            services.implementation_update(item=item, status=status, milestone=milestone, spent=spent,
                                           note=note, actor=actor)
            done += 1
    return done


def run(sim: Sim) -> int:
    edition = sim.edition
    if not CastBallot.objects.filter(ballot__edition=edition).exists():
        return 0
    if edition.stage == Stage.VOTING:
        edition_advance(edition=edition, actor=sim.admin, to_stage=Stage.COUNTING)
    if edition.stage != Stage.COUNTING:
        return 0
    counted = counting.communities_counted(edition)
    todo = list(Unit.objects.filter(pk__in=counting.communities_to_count(edition) - counted).order_by("parent_id", "pk"))
    boxes = 0
    with sim.progress.stage("count", total=len(todo), unit="community") as bar:
        for community in todo:
            boxes += count(sim, community)
            bar.advance()
    edition_advance(edition=edition, actor=sim.admin, to_stage=Stage.CONFIRMATION)
    confirmed = 0
    with sim.progress.stage("confirmation", total=len(sim.streets), unit="street") as bar:
        for street in Unit.objects.filter(parent=edition.district, kind=Unit.Kind.STREET).order_by("pk"):
            officer = sim.users.get(f"street_{street.code}") or sim.users.get(f"street_{street.code}".replace("-", "_"))
            ballots = Ballot.objects.filter(Q(unit=street) | Q(unit__parent=street), edition=edition,
                                            pk__in=SelectionResult.objects.values("ballot_id"))
            for ballot in ballots.order_by("unit__code", "kind"):
                if officer and not Confirmation.objects.filter(ballot=ballot).exists():
                    services.result_confirm(ballot=ballot, actor=officer)
                    confirmed += 1
            bar.advance()
        edition_advance(edition=edition, actor=sim.admin, to_stage=Stage.PUBLISHED)
        if sim.params.get("confirmation.implementation"):
            implementation(sim)
    sim.counts["count"] = boxes
    sim.counts["confirmation"] = confirmed
    return boxes


__all__ = ["count", "explanation", "random", "run"]
