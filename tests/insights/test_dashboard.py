"""The abuse dashboard's items on built cases, each with its public-log entries; the log page
behind them; the page's query count."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.results.builders import CST, seal
from tests.results.conftest import set_stage
from xihu.apps.editions.stages import Stage
from xihu.apps.insights.dashboard import dashboard
from xihu.apps.insights.dashboard.data import dashboard_data
from xihu.apps.proposals import services as proposals
from xihu.apps.proposals.models import Project
from xihu.apps.results import services as results
from xihu.apps.voting.models import Registration, Seal, Station, TurnoutTarget

pytestmark = pytest.mark.django_db


def section(board, key):
    return next(s for s in board.sections if s.key == key)


def test_a_typed_total_that_differs_from_the_records(client, tree, people, edition, voted):
    session = results.count_session_open(edition=edition, community=tree["s1a"], counters=[people["counter"]],
                                         scrutineers=[people["scrutineer"]], actor=people["counter"])
    toilet = voted["community"].items.get(number=1)
    typed = results.typed_total_enter(session=session, ballot=voted["community"], item=toilet, value=3,
                                      actor=people["counter"])
    results.typed_total_enter(session=session, ballot=voted["community"], item=toilet, value=6,
                              actor=people["counter"])  # right: not listed
    [item] = section(dashboard(edition), "counts").items
    assert item.unit == "s1a"
    assert item.text == "counter_a typed 3 votes for item 1 (the whole session); the ballot records give 6."
    log = next(link for link in item.links if link.kind == "log")
    assert f"type=results.typedtotal&id={typed.pk}" in log.url
    page = client.get(log.url)
    assert page.status_code == 200 and "results.typed_total" in page.content.decode()


def test_a_box_signed_off_with_a_difference(tree, people, edition, voted):
    seal(voted["a1"], 11, people["staff"], people["counter"], at="2018-02-03 18:00")
    session = results.count_session_open(edition=edition, community=tree["s1a"], counters=[people["counter"]],
                                         scrutineers=[people["scrutineer"]], actor=people["counter"])
    from xihu.apps.results.counting import session_view

    for diff in session_view(session, with_counts=False).differences:
        results.explanation_add(session=session, key=diff.key, text="封箱时多记了一张，已核对。",
                                actor=people["counter"])
    signoff = results.box_sign_off(session=session, box=voted["a1"], actor=people["scrutineer"])
    [item] = section(dashboard(edition), "counts").items
    assert "Box A1 signed off by scrutineer_a with 10 ballots counted, 11 at the seal and 10 registrations" in item.text
    assert item.mild and any(f"id={signoff.pk}" in link.url for link in item.links)


def test_seal_mismatches_at_reopening_and_at_the_seal(edition, people, voted):
    box = voted["m1"]
    reopen = Seal.objects.create(box=box, kind="reopen", at=datetime(2018, 2, 4, 8, 30, tzinfo=CST),
                                 ballots_in_box=9, seal_number="S-other", intact=False,
                                 officer_a=people["staff"], officer_b=people["counter"])
    Seal.objects.create(box=box, kind="reopen", at=datetime(2018, 2, 4, 8, 40, tzinfo=CST),  # agrees: reopen after reopen
                        ballots_in_box=9, seal_number="S-other", intact=True,
                        officer_a=people["staff"], officer_b=people["counter"])
    Seal.objects.create(box=voted["a1"], kind="seal", at=datetime(2099, 1, 1, tzinfo=CST), ballots_in_box=10,
                        paper_in_box=2, seal_number="late", officer_a=people["staff"], officer_b=people["counter"])
    items = section(dashboard(edition), "seals").items
    assert [i.text for i in items] == [
        "流动票箱, box M1, reopened 02-04 08:30: the seal was found broken; seal number S-other found, "
        f"S-{box.pk}-2018-02-03 17:00 was sealed; 9 ballots at reopening, 6 at the seal.",
        "社区办公室, box A1, sealed 01-01 00:00 with 2 paper sheets declared, but 10 paper ballots were handed "
        "out there.",
    ]
    assert any(f"type=voting.seal&id={reopen.pk}" in link.url for link in items[0].links)


def test_a_burst_of_registrations_by_one_officer(tree, people, edition):
    officer = make_user("station_officer", tree["s1b"], "quick_officer")
    station = Station.objects.create(edition=edition, community=tree["s1b"], kind="fixed", name="站B")
    start = datetime(2018, 2, 3, 16, 0, tzinfo=CST)
    Registration.objects.bulk_create([
        Registration(edition=edition, ballot_kind="community", voter_key=f"fast{n}", community=tree["s1b"],
                     station=station, officer=officer, registered_at=start + timedelta(seconds=30 * n))
        for n in range(16)])
    [item] = section(dashboard(edition), "bursts").items
    assert item.text == "quick_officer registered 16 people at 站B between 02-03 16:00 and 16:07."
    first = Registration.objects.get(voter_key="fast0")
    assert any(f"type=voting.registration&id={first.pk}" in link.url for link in item.links)
    assert any("actor=quick_officer&action=voting.register_batch" in link.url for link in item.links)


def test_exclusions_and_reinstatements_per_staff_member(edition, tree, people, screened):
    set_stage(edition, Stage.SCREENING)
    second = proposals.proposal_exclude(proposal=screened["b"][1], reason="capacity", explanation="超出能力",
                                        actor=people["other_staff"])
    proposals.exclusion_review(exclusion=second, confirm=False, explanation="街道可以建设", actor=people["officer"])
    board = section(dashboard(edition), "screening")
    rows = {p["username"]: (p["exclude"], p["reinstated"], p["confirm"], p["reinstate"]) for p in board.people}
    assert rows == {"staff_a": (2, 0, 0, 0), "staff_b": (2, 2, 0, 0), "officer_s1": (0, 0, 1, 2)}
    [item] = board.items
    assert item.text == "The street reinstated 2 of the 2 proposals staff_b excluded."
    assert any("actor=staff_b&action=proposal.exclude" in link.url for link in item.links)


def test_merges_per_staff_member(edition, tree, people, screened):
    set_stage(edition, Stage.SCREENING)
    live = list(Project.objects.live().filter(unit=tree["s1a"], edition=edition))
    staff = people["staff"]
    merged = proposals.projects_merge(projects=live[:2], mode="a", actor=staff) if len(live) >= 2 else None
    assert merged is None  # s1a has one live project left after two exclusions
    live_b = list(Project.objects.live().filter(unit=tree["s1b"], edition=edition))
    first = proposals.projects_merge(projects=live_b, mode="b", actor=people["other_staff"])
    proposals.project_undo(project=first, actor=people["other_staff"])
    again = list(Project.objects.live().filter(unit=tree["s1b"], edition=edition))
    proposals.projects_merge(projects=again, mode="c", location_text="小广场", actor=people["other_staff"])
    [row] = section(dashboard(edition), "merges").people
    assert (row["username"], row["merges"], row["proposals"], row["undone"]) == ("staff_b", 2, 4, 1)
    assert [link.label for link in row["links"]] == ["merges", "undone"]


def test_turnout_jumps_against_targets(tree, people, edition):
    TurnoutTarget.objects.create(edition=edition, unit=tree["s1"], percent=50, set_by=people["officer"],
                                 set_at=datetime(2018, 1, 20, tzinfo=CST))
    officer = make_user("station_officer", tree["s1b"], "o_b")
    rows, n = [], 0
    for community, per_day in (("s1b", [5, 5, 5, 40]), ("s2a", [10, 12, 30, 11]), ("s2b", [4, 5, 6, 7])):
        station = Station.objects.create(edition=edition, community=tree[community], kind="fixed", name="站")
        for day, count in enumerate(per_day):
            for k in range(count):
                n += 1
                rows.append(Registration(edition=edition, ballot_kind="community", voter_key=f"v{n}",
                                         community=tree[community], station=station, officer=officer,
                                         registered_at=datetime(2018, 1, 28 + day, 9, tzinfo=CST)
                                         + timedelta(minutes=11 * k)))
    Registration.objects.bulk_create(rows)
    data = dashboard_data(edition)["turnout"]
    assert [(j["community"], j["day"].isoformat(), j["voters"], j["usual"], j["target"]) for j in data["jumps"]] == [
        ("s1b", "2018-01-31", 40, 5, 50)]
    assert data["streets"] == [{"street": "s1", "target": 50}, {"street": "s2", "target": None}]
    [item] = section(dashboard(edition), "turnout").items
    assert item.text == "01-31: 40 voters, 8.0 times its usual 5 a day (55 in all; its street's target is 50%)."
    assert not item.mild and any("action=voting.register_batch&community=s1b" in link.url for link in item.links)


def test_the_dashboard_page_in_both_languages_with_bounded_queries(client, tree, people, edition, voted,
                                                                   django_assert_max_num_queries):
    from django.conf import settings

    url = reverse("insights:dashboard", args=[edition.slug])
    with django_assert_max_num_queries(25):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "计票差异" in html and "Count differences" not in html
    with django_assert_max_num_queries(5):
        client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Count differences" in client.get(url).content.decode()


def test_the_log_page_refuses_malformed_filters(client, edition):
    url = reverse("insights:log", args=[edition.slug])
    bad = client.get(url, {"type": "x; DROP TABLE"})
    assert bad.status_code == 400
    assert client.get(url, {"action": "edition.create"}).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(reverse("insights:log", args=["no-such"])).status_code == 404
