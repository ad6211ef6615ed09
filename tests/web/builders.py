"""One edition that went through every stage, built from the stage tests' own builders: proposals
imported and screened in s1a, its assembly with a plenary vote, a frozen community ballot, a
voting week (boxes, papers, registrations, seals), a closed count, a confirmation, publication
and an implementation update. Small, so that page tests on both databases stay fast."""

from datetime import date, datetime

from tests.assemblies.helpers import build_world, fill_assembly, schedule, set_stage
from tests.factories import make_user
from tests.results.builders import CST, cast, make_box, register, seal
from xihu.apps.assemblies import services as assemblies
from xihu.apps.assemblies.selectors import items
from xihu.apps.ballots import services as ballots
from xihu.apps.proposals.models import Channel, CollectorType, Project
from xihu.apps.proposals.services import proposal_exclude, proposals_import
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput
from xihu.apps.results import services as results
from xihu.apps.voting import services as voting
from xihu.apps.voting.models import Station

TEXTS = [("3栋楼道灯坏了，晚上很黑", "3栋"), ("小广场增设健身器材", "小广场"),
         ("公共厕所太旧，需要翻新", "菜市场旁"), ("增加电动车充电桩", "5栋门口"),
         ("修好小区大门的门禁", "北门"), ("在河边种一排树", "河边")]


def full_edition() -> dict:
    world = build_world()
    edition, units, users = world["edition"], world["units"], world["users"]
    s1a, staff = units["s1a"], users["staff_s1a"]
    users["counter"] = make_user("counter", s1a, "counter_s1a")
    users["scrutineer"] = make_user("scrutineer", s1a, "scrutineer_s1a")

    set_stage(edition, "collection")
    lines = [ImportLine(ProposalInput(content=text, location_text=place, level="community",
                                      proposer_name="张三", proposer_contact="13800000000"),
                        Channel.DOOR, CollectorType.STAFF) for text, place in TEXTS]
    proposals = proposals_import(edition=edition, community=s1a, lines=lines, actor=staff)

    set_stage(edition, "screening")
    proposal_exclude(proposal=proposals[-1], reason="other_party", explanation="由水务局负责",
                     actor=staff)

    set_stage(edition, "assembly")
    assembly = schedule(world, tables=1)
    fill_assembly(assembly, staff, residents=8)
    assemblies.assembly_seat(assembly=assembly, actor=staff)
    pids = [i.project_id for i in items(assembly)]
    for voter in range(len(pids)):
        assemblies.plenary_ballot_enter(assembly=assembly, choices=pids[: len(pids) - voter],
                                        actor=staff)

    set_stage(edition, "quota")
    officer = users["officer_s1"]
    ranked = [Project.objects.get(pk=pid) for pid in pids]
    for n, project in enumerate(ranked, start=1):
        ballots.quota_set(project=project, amount=n * 50_000, note="估算", actor=officer)
    ballot = ballots.ballot_draw(edition=edition, unit=s1a, project_ids=pids, actor=officer)
    ballots.ballot_freeze(ballot=ballot, actor=officer)
    ballot.refresh_from_db()
    assert ballot.fingerprint
    voting.turnout_target_set(edition=edition, street=units["s1"], percent=50, actor=officer)

    set_stage(edition, "voting")
    box = make_box(edition, s1a, "社区办公室", "A1")
    cast(ballot, box, [1, 2], n=4, day=date(2018, 1, 29))
    cast(ballot, box, [1, 3], n=3, day=date(2018, 1, 30))
    cast(ballot, box, [], n=1, day=date(2018, 1, 30))
    register(edition, "community", box, staff, 8)
    seal(box, 8, staff, users["counter"])

    set_stage(edition, "counting")
    session = results.count_session_open(edition=edition, community=s1a, counters=[users["counter"]],
                                         scrutineers=[users["scrutineer"]], actor=users["counter"])
    results.box_sign_off(session=session, box=box, actor=users["scrutineer"])
    results.session_close(session=session, actor=users["scrutineer"])

    set_stage(edition, "confirmation")
    results.result_confirm(ballot=ballot, actor=officer)

    set_stage(edition, "published")
    funded = ballot.items.get(number=1)
    results.implementation_update(item=funded, status="in_progress", milestone="开工", spent=20_000,
                                  actor=officer)
    return {**world, "proposals": proposals, "assembly": assembly, "ballot": ballot, "box": box,
            "session": session, "funded": funded, "station": Station.objects.get(edition=edition),
            "opened": datetime(2018, 1, 28, 9, tzinfo=CST)}
