"""Follow and notices: a whole edition, step by step, with two followers (one reading Chinese,
one English) of every proposal; each change of state gives each follower one notice, sent
through the gateway after commit with an unsubscribe link, in their language."""

from datetime import date

import pytest

from tests.assemblies.helpers import build_world, fill_assembly, schedule, set_stage
from tests.factories import make_user
from tests.residents.helpers import make_register, verified
from tests.results.builders import cast, make_box, register, seal
from xihu.apps.assemblies import services as assemblies
from xihu.apps.assemblies.selectors import items
from xihu.apps.ballots import services as ballots
from xihu.apps.proposals.models import Channel, CollectorType, Project
from xihu.apps.proposals.services import proposal_exclude, proposals_import
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput
from xihu.apps.proposals.services.merging import projects_merge
from xihu.apps.proposals.services.screening import exclusion_review
from xihu.apps.residents import services
from xihu.apps.residents.events import follow_of_token
from xihu.apps.residents.models import Follow, Notice
from xihu.apps.residents.texts import notice_text_in
from xihu.apps.results import services as results

TEXTS = [("3栋楼道灯坏了", "3栋"), ("小广场增设健身器材", "小广场"), ("小广场加装健身器材", "小广场"),
         ("增加电动车充电桩", "5栋"), ("修好大门门禁", "北门"), ("在河边种一排树", "河边")]

# kind: (words in the Chinese text, words in the English text)
EXPECTED = {
    "excluded": (["在初筛中被排除", "有其他责任主体", "由水务局负责"], ["was excluded at screening", "another party", "由水务局负责"]),
    "exclusion_confirmed": (["街道确认了排除"], ["the street confirmed the exclusion"]),
    "reinstated": (["街道已恢复该提案"], ["the street reinstated it"]),
    "merged": (["已合并到项目", "健身"], ["was merged into project #", "健身"]),
    "screened": (["通过了初筛", "项目汇总表第"], ["passed screening", "on the list of the residents' assembly"]),
    "shortlisted": (["入围", "s1a"], ["was shortlisted for the ballot of s1a"]),
    "on_ballot": (["选票上的第", "请到社区投票站本人投票"], ["on the ballot of s1a", "Vote in person"]),
    "won": (["在投票中胜出"], ["won the vote and will be funded"]),
    "lost": (["今年未能胜出"], ["was not among the winners this year"]),
    "milestone": (["实施进展为：实施中", "开工"], ["implementation of", "is under way", "开工"]),
}


@pytest.fixture
def edition_with_followers(db, django_capture_on_commit_callbacks, outbox):
    world = build_world()
    edition, units, users = world["edition"], world["units"], world["users"]
    s1a, staff, officer = units["s1a"], users["staff_s1a"], users["officer_s1"]
    make_register(s1a)
    zh = verified("13900000011", s1a, person=0)
    en = verified("13900000012", s1a, person=1, language="en")
    set_stage(edition, "collection")
    lines = [ImportLine(ProposalInput(content=text, location_text=place, level="community"),
                        Channel.DOOR, CollectorType.STAFF) for text, place in TEXTS]
    proposals = proposals_import(edition=edition, community=s1a, lines=lines, actor=staff)
    for proposal in proposals:
        services.follow_proposal(account=zh, proposal=proposal)
        services.follow_receipt(account=en, code=proposal.receipt_code.lower())

    def step(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()

    set_stage(edition, "screening")
    exclusion = step(lambda: proposal_exclude(proposal=proposals[-1], reason="other_party",
                                              explanation="由水务局负责", actor=staff))
    step(lambda: exclusion_review(exclusion=exclusion, confirm=True, actor=officer))
    second = step(lambda: proposal_exclude(proposal=proposals[-2], reason="capacity",
                                           explanation="超出了街道的建设能力", actor=staff))
    step(lambda: exclusion_review(exclusion=second, confirm=False, explanation="街道可以承担这个项目", actor=officer))
    live = {p.pk: Project.objects.get(sources__proposal=p, sources__released_at__isnull=True)
            for p in proposals[1:3]}
    of_project = verified("13900000013", s1a, person=2)  # follows a project that is then merged
    services.follow_project(account=of_project, project=live[proposals[1].pk])
    step(lambda: projects_merge(projects=list(live.values()), mode="b", actor=staff, title="小广场健身器材"))

    set_stage(edition, "assembly")
    assembly = step(lambda: schedule(world, tables=1))
    fill_assembly(assembly, staff, residents=8)
    assemblies.assembly_seat(assembly=assembly, actor=staff)
    pids = [i.project_id for i in items(assembly)]
    for voter in range(len(pids)):
        assemblies.plenary_ballot_enter(assembly=assembly, choices=pids[: len(pids) - voter], actor=staff)

    set_stage(edition, "quota")
    for n, pid in enumerate(pids, start=1):
        ballots.quota_set(project=Project.objects.get(pk=pid), amount=n * 50_000, note="估算", actor=officer)
    ballot = step(lambda: ballots.ballot_draw(edition=edition, unit=s1a, project_ids=pids, actor=officer))
    step(lambda: ballots.ballot_freeze(ballot=ballot, actor=officer))

    set_stage(edition, "voting")
    counter = make_user("counter", s1a, "counter_s1a")
    scrutineer = make_user("scrutineer", s1a, "scrutineer_s1a")
    box = make_box(edition, s1a, "社区办公室", "A1")
    cast(ballot, box, [1, 2], n=4, day=date(2018, 1, 29))
    register(edition, "community", box, staff, 4)
    seal(box, 4, staff, counter)
    set_stage(edition, "counting")
    session = results.count_session_open(edition=edition, community=s1a, counters=[counter],
                                         scrutineers=[scrutineer], actor=counter)
    results.box_sign_off(session=session, box=box, actor=scrutineer)
    results.session_close(session=session, actor=scrutineer)
    set_stage(edition, "confirmation")
    step(lambda: results.result_confirm(ballot=ballot, actor=officer))
    set_stage(edition, "published")
    funded = ballot.items.get(number=1)
    step(lambda: results.implementation_update(item=funded, status="in_progress", milestone="开工",
                                               spent=20_000, actor=officer))
    return {"zh": zh, "en": en, "of_project": of_project, "proposals": proposals, "outbox": outbox}


def test_every_change_of_state_gives_each_follower_one_notice_sent_in_their_language(edition_with_followers):
    world = edition_with_followers
    zh, en = world["zh"], world["en"]
    kinds = set(Notice.objects.filter(account=zh).values_list("kind", flat=True))
    assert kinds == set(EXPECTED)
    assert (sorted(Notice.objects.filter(account=zh).values_list("kind", "follow__proposal_id"))
            == sorted(Notice.objects.filter(account=en).values_list("kind", "follow__proposal_id")))
    # once per follow, even for a step the platform may redo
    for kind in ("screened", "shortlisted", "on_ballot"):
        per_follow = Notice.objects.filter(account=zh, kind=kind).values_list("follow_id", flat=True)
        assert len(per_follow) == len(set(per_follow))
    assert not Notice.objects.filter(sent_at__isnull=True).exists()
    sent_zh = world["outbox"].messages(to="13900000011")
    sent_en = world["outbox"].messages(to="13900000012")
    assert len(sent_zh) == len(sent_en) == Notice.objects.filter(account=zh).count()
    assert all("/residents/unsubscribe/" in m["text"] for m in sent_zh + sent_en)
    assert any("在初筛中被排除" in m["text"] for m in sent_zh)
    assert any("was excluded at screening" in m["text"] for m in sent_en)
    assert not any("在初筛中被排除" in m["text"] for m in sent_en)
    # the text of each change, in Chinese and in English
    for kind, (zh_words, en_words) in EXPECTED.items():
        notice = Notice.objects.filter(account=zh, kind=kind).order_by("pk").first()
        zh_text = notice_text_in("zh-hans", notice.kind, notice.params)
        en_text = notice_text_in("en", notice.kind, notice.params)
        assert zh_text.startswith("您关注的提案 ") and en_text.startswith("Your followed proposal ")
        for words in zh_words:
            assert words in zh_text, zh_text
        for words in en_words:
            assert words in en_text, en_text


def test_a_follow_of_a_project_carries_to_the_project_it_was_merged_into(edition_with_followers):
    notices = Notice.objects.filter(account=edition_with_followers["of_project"]).order_by("pk")
    kinds = [n.kind for n in notices]
    assert kinds[0] == "merged" and kinds.count("merged") == 1
    assert {"screened", "shortlisted", "on_ballot", "lost"} <= set(kinds)  # it lost the vote
    merged = Project.objects.get(title="小广场健身器材")
    assert {n.params.get("title") for n in notices if n.kind in ("screened", "shortlisted")} == {merged.title}
    assert all(n.follow.project_id != merged.pk for n in notices)  # still the one follow, of the old project


def test_the_notices_page_and_the_signed_unsubscribe_link(edition_with_followers, client):
    world = edition_with_followers
    client.force_login(world["en"].user)
    page = client.get("/residents/notices/").content.decode()
    assert "was merged into project #" in page and "won the vote" in page
    client.logout()
    message = world["outbox"].messages(to="13900000011")[0]
    link = message["params"]["unsubscribe"].split("testserver", 1)[-1].split("8000", 1)[-1]
    page = client.get(link)
    assert page.status_code == 200 and "停止有关它的通知" in page.content.decode()
    done = client.post(link)
    assert done.status_code == 200 and 'id="unsubscribed"' in done.content.decode()
    assert client.get(link[:-3] + "xyz/").status_code == 404
    follow = Follow.objects.get(pk=follow_of_token(link.rstrip("/").rsplit("/", 1)[-1]))
    assert follow.ended_at is not None

