"""Demo step: the public count in every community that voted, the street's confirmation,
publication and a few implementation updates. Seeded, so the demo is the same every time.

Xiawan (下湾) replays the study's case: a staff member types totals that lower the public
toilet's votes (the most voted project when the ballot has no toilet) and raise the lights';
the platform flags them against the ballot records and the scrutineer explains them publicly.
In Xiangshan the counters' hand count of one box is one paper short: flagged and explained.
Every difference the voting week left (seals, registrations) is explained in writing before
each box is signed off. Both streets confirm their results unchanged."""

import random

from django.db.models import Q

from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.models import Edition
from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.results import counting, services
from xihu.apps.results.counting import Difference
from xihu.apps.results.models import Confirmation, CountSession, SelectionResult
from xihu.apps.voting.models import CastBallot
from xihu.errors import Refused


def _person(users: dict[str, User], username: str, display: str, role: str, unit: Unit) -> User:
    from xihu.apps.demo.people import demo_person

    user = demo_person(username=(users[username].username if username in users else username),
                       display=display, role=role, unit=unit)
    users[username] = user
    return user


def _explanation(diff: Difference, rng: random.Random) -> str:
    kind = diff.key.split(":")[0]
    fewer = diff.other is not None and diff.counted < diff.other  # fewer papers than expected
    texts = {
        ("seal", True): ["封箱记录多于点出的选票：监票员与两名封箱工作人员逐张核对，差额为封箱时把"
                         "作废的空白票也计入了票数，已对照录入记录确认。"],
        ("seal", False): ["最后一晚封箱时一名工作人员漏数了刚投入的选票；已对照录入记录复核，以选票记录为准。"],
        ("reg", True): ["部分选民登记领票后没有投票（离开投票点），登记簿上已逐一标注，监票员核对无误。"],
        ("reg", False): ["登记少于选票：一名工作人员在高峰时段漏登了选民，已按领票存根补核，监票员确认。"],
        ("station", True): ["本投票站的登记未区分票箱，按投票站合计核对：差额为登记后未投票的选民，已标注。"],
        ("station", False): ["本投票站的登记未区分票箱，按投票站合计核对：漏登的选民已按领票存根补核。"],
        ("broken", True): ["封条在搬运中被蹭破；两名封箱工作人员与监票员核对了封条编号和箱内票数，确认未被开启。"],
        ("broken", False): ["封条在搬运中被蹭破；两名封箱工作人员与监票员核对了封条编号和箱内票数，确认未被开启。"],
    }
    if kind == "seal" and diff.other is None:
        return "没有封箱记录：该票箱由两名工作人员全程看管直到点票，监票员已核对看管记录。"
    return rng.choice(texts.get((kind, fewer), ["监票员当场核对了选票记录，差额原因已记录在点票记录中。"]))


def _community_ballot(session: CountSession) -> Ballot | None:
    return Ballot.objects.filter(edition=session.edition, unit=session.community,
                                 kind="community").first()


def _votes(session: CountSession, ballot: Ballot) -> dict[str, int]:
    view = counting.session_view(session)
    return next(c.tally.votes for c in view.counts if c.ballot == ballot)


def _xiawan_typed_totals(session: CountSession, staff: User) -> str:
    """The study's case: staff type a lower count for the residents' choice (the public toilet,
    or the most voted project when the ballot has no toilet) and a higher one for the lights.
    Returns the explanation the scrutineer will give."""
    ballot = _community_ballot(session)
    if ballot is None:
        return ""
    votes = _votes(session, ballot)
    items = list(ballot.items.select_related("project").order_by("number"))
    favourite = next((i for i in items if i.project.category == "toilet" or "厕" in i.title),
                     max(items, key=lambda i: (votes[str(i.number)], -i.number)))
    lights = next((i for i in items if i.project.category == "lighting" and i != favourite), None)
    shift = max(3, votes[str(favourite.number)] // 4)
    services.typed_total_enter(session=session, ballot=ballot, item=favourite, actor=staff,
                               value=max(0, votes[str(favourite.number)] - shift))
    text = (f"社区工作人员录入的“{favourite.title}”票数比选票记录少 {shift} 票")
    if lights is not None:
        services.typed_total_enter(session=session, ballot=ballot, item=lights, actor=staff,
                                   value=votes[str(lights.number)] + shift)
        text += f"，“{lights.title}”多 {shift} 票"
    return text + "。按规则以选票记录为准，录入值不计，此事已报告街道并在此公开。"


def _hand_count(session: CountSession, counter: User) -> str:
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


def _count(edition: Edition, community: Unit, users: dict[str, User], rng: random.Random) -> None:
    code = community.code
    counter = _person(users, f"counter_{code}", f"{community.name}点票员", Role.COUNTER, community)
    scrutineer = _person(users, f"scrutineer_{code}", f"{community.name}监票员", Role.SCRUTINEER, community)
    staff = users.get(f"staff_{code}")
    opener = staff if staff is not None else counter
    session = services.count_session_open(
        edition=edition, community=community, counters=[counter], scrutineers=[scrutineer],
        actor=opener, place=f"{community.name}居委会会议室（公开点票）")
    typed_text = ""
    if code == "xiawan" and staff is not None:
        typed_text = _xiawan_typed_totals(session, staff)
    elif code == "xiangshan":
        typed_text = _hand_count(session, counter)
    view = counting.session_view(session, with_counts=False)
    for diff in view.differences:
        text = typed_text if diff.key.startswith("typed:") and typed_text else _explanation(diff, rng)
        services.explanation_add(session=session, key=diff.key, text=text, actor=scrutineer)
    for row in view.boxes:
        services.box_sign_off(session=session, box=row.box, actor=scrutineer)
    services.session_close(session=session, actor=scrutineer)


def _street_officer(street: Unit) -> User | None:
    row = (RoleAssignment.objects.filter(unit=street, role=Role.STREET_OFFICER)
           .select_related("user").order_by("pk").first())
    return row.user if row else None


def _implementation(edition: Edition, users: dict[str, User]) -> None:
    """A few updates: a Xiangshan project under way, a street project completed."""
    plans = [("xiangshan", "staff_xiangshan", [("planned", "施工方案公示", 0, "方案在居委会公告栏公示七天"),
                                               ("in_progress", "开工", 40_000, "施工队进场，居民监督员每周巡查")]),
             ("guangrunmen", "street_guangrunmen", [("in_progress", "招标完成", 120_000, "公开招标，三家投标"),
                                                     ("done", "竣工验收", 0, "街道、社区与居民代表共同验收")])]
    for code, username, steps in plans:
        actor = users.get(username)
        confirmation = Confirmation.objects.filter(ballot__edition=edition, ballot__unit__code=code).first()
        if actor is None or confirmation is None or not confirmation.confirmed_winners:
            continue
        item = BallotItem.objects.get(ballot=confirmation.ballot, number=confirmation.confirmed_winners[0])
        spent = 0
        for status, milestone, amount, note in steps:
            spent = min(item.amount, spent + amount) if status != "done" else item.amount - item.amount // 20
            services.implementation_update(item=item, status=status, milestone=milestone,
                                           spent=spent, note=note, actor=actor)


def load_demo_data(*, edition: Edition, users: dict[str, User]) -> None:
    if not CastBallot.objects.filter(ballot__edition=edition).exists():
        return
    admin = users["admin"]
    rng = random.Random(20180204)
    try:
        if edition.stage == Stage.VOTING:
            edition_advance(edition=edition, actor=admin, to_stage=Stage.COUNTING)
        if edition.stage != Stage.COUNTING:
            return
        counted = counting.communities_counted(edition)
        for community in Unit.objects.filter(pk__in=counting.communities_to_count(edition)).order_by("code"):
            if community.pk not in counted:
                _count(edition, community, users, rng)
        edition_advance(edition=edition, actor=admin, to_stage=Stage.CONFIRMATION)
        for street in Unit.objects.filter(parent=edition.district, kind=Unit.Kind.STREET).order_by("code"):
            officer = _street_officer(street)
            ballots = Ballot.objects.filter(Q(unit=street) | Q(unit__parent=street), edition=edition,
                                            pk__in=SelectionResult.objects.values("ballot_id"))
            for ballot in ballots.order_by("unit__code", "kind"):
                if officer and not Confirmation.objects.filter(ballot=ballot).exists():
                    services.result_confirm(ballot=ballot, actor=officer)
        edition_advance(edition=edition, actor=admin, to_stage=Stage.PUBLISHED)
        _implementation(edition, users)
    except Refused as refusal:
        print(f"results demo: stopped: {refusal}")
