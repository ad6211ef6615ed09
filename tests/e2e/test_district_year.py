"""A district's whole year in real Chromium, from an EMPTY database, through pages only.

`xihu bootstrap` (the documented command) makes the district admin, who follows the printed
one-time link and, on a desktop, sets up 2 streets and 3 communities, imports the accounts
(a CSV sheet), creates and plans an edition and grants the streets their powers. On phones
(390 x 844) the street officers grant their communities' powers, a volunteer collects a
proposal door to door and a resident proposes online; the community screens (an exclusion the
street reviews, a merge), holds its assembly (check-in, seating, tables, nominations, plenary);
the street sets quotas and freezes both ballots; the community sets up a station and a box, an
officer registers a voter who votes on the tablet and, after the close, seals the box with a
second officer; counters and a scrutineer hold the public count; the street confirms; the
district publishes, copies the edition to the next year (the copied grants confirmed) and both
editions' results show. The order is that of docs/run-your-district.md (its section numbers).

No `xihu shell`, no ORM write: the database is only read, to check outcomes. Time is never
patched: stages are planned around now, and the polls are closed early by re-planning the
voting stage with a written reason (a real feature, shown on the public timeline).
"""

import pytest
from playwright.sync_api import expect

from tests.e2e import district as d
from tests.e2e import district_stages as s
from tests.e2e.district import DESKTOP, EDITION, PHONE, fits


@pytest.fixture
def site(live_server, transactional_db, browser):
    site = d.Site(url=live_server.url, browser=browser)
    yield site
    site.close()


def test_a_district_runs_its_year_and_copies_it(site, tmp_path):
    from xihu.apps.accounts.models import User
    from xihu.apps.editions.models import Edition
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals.models import Proposal

    assert not (User.objects.exists() or Unit.objects.exists() or Edition.objects.exists())

    # 1-3. The documented command on an empty database; the admin follows the printed link and
    #      sets up the streets, communities and a social organisation (guide sections 1-3).
    admin = site.set_password_and_log_in("alice", d.bootstrap(site.url), viewport=DESKTOP)
    expect(admin.locator("#back-office")).to_be_visible()
    d.set_up_units(admin)
    d.add_organisation(admin)
    site.mark("bootstrap, units")

    # 4. People: the CSV import; each person sets a password through their link, on a phone; a
    #    street officer grants a volunteer a second role.
    links = d.import_people(admin, tmp_path)
    for username, link in links.items():
        site.set_password_and_log_in(username, link, viewport=PHONE)
    street = site.pages["wang"]
    d.street_grants_a_role(street)
    site.mark("people")

    # 5. The edition: created, its organisation, plan and a budget; powers granted by the district
    #    to the streets and by each street to its communities; Nanpu's turnout target.
    d.create_edition(admin)
    d.plan_edition(admin)
    d.set_budget(admin, "nanpu-c", 250_000)
    d.do(admin, "grant_street")
    for name in ("广润门街道", "南浦街道"):
        assert d.grant_row(admin, name) == 6
    for officer, communities in (("wang", ["象山社区", "下湾社区"]), ("li", ["南浦社区"])):
        page = site.pages[officer]
        d.do(page, "grant_community")
        fits(page)
        for community in communities:
            assert d.grant_row(page, community) == 5
    d.announce_target(site.pages["li"], 50)
    site.mark("edition, plan, budget, powers, target")

    # 6.2 Collection: the register and a building for the volunteer; door to door, online, paper.
    d.advance(admin, "项目提议征集")
    assert Edition.objects.get(slug=EDITION).stage == "collection"
    staff = site.pages["staff_x"]
    s.prepare_collection(staff, tmp_path)
    door = s.volunteer_visits(site.pages["vol_x"])
    online = s.resident_proposes(site.pages["res_x"])
    s.staff_enter_paper_forms(staff)
    assert Proposal.objects.filter(edition__slug=EDITION).count() == 7
    assert Proposal.objects.get(receipt_code=door).channel == "door"
    site.mark("collection")
    d.advance(admin, "整合与初选")

    # 6.3 Screening: a merge and an exclusion, reviewed by the street; both tables reported.
    excluded = s.screen(staff)
    s.street_reviews(street, excluded)
    d.follow_receipt(site.pages["res_x"], excluded, "街道已确认")
    d.follow_receipt(site.pages["res_x"], online, "3栋楼道灯维修")
    site.mark("screening")
    d.advance(admin, "项目筛选大会")

    # 6.4 The screening assembly, on the community officer's phone.
    s.hold_assembly(staff)
    site.mark("assembly")
    d.advance(admin, "预算配额与选票")

    # 6.5 Quotas and ballots by the street; the community sets up its station before voting.
    s.set_quotas_and_freeze(street)
    s.set_up_station(staff)
    site.mark("quotas, ballots, station")
    d.advance(admin, "投票")

    # 6.6 Voting: a registration at the desk and an electronic ballot on the tablet.
    officer = site.pages["off_x"]
    receipt = s.vote_at_the_station(officer)
    site.mark("voting")

    # 6.7 The polls close early, by re-planning the voting stage with a written reason: counting
    #    cannot start before the planned close. The desk says it is shut; the box is sealed.
    d.close_the_polls_early(admin)
    officer.click("header a.brand")
    expect(officer.locator('li[data-action="run_station"] .reasons')).to_contain_text("投票已于")
    d.do(officer, "seal_boxes", "象山社区")
    officer.click("main a[href$='/voting/xiangshan/']")  # the desk, from the seals page
    expect(officer.locator("#window-shut")).to_contain_text("投票已于")  # closed, before any form
    s.seal_the_box(officer, "vol_x", d.PASSWORD)  # the volunteer co-signs, as station officer
    d.check_vote_receipt(site.pages["res_x"], receipt)
    d.advance(admin, "点票")

    # 6.7 The public count.
    s.count_in_public(site.pages["cnt_x"], site.pages["scr_x"])
    site.mark("close, count")
    d.advance(admin, "街道确认")

    # 6.8 The street confirms; the district publishes.
    s.street_confirms(street)
    d.advance(admin, "结果公布")
    site.mark("confirm, publish")

    # 6.8, 7. The results, public; then next year's copy, its grants confirmed by the district and
    #     each street; both editions' results pages, the first one unchanged.
    resident = site.pages["res_x"]
    before = d.results_text(resident, EDITION)
    assert "3栋楼道灯维修" in before[1] and "休息座椅" in before[1]
    expect(resident.locator(".bars li.win")).to_have_count(2)
    expect(resident.locator("body")).to_contain_text("街道已原样确认")
    fits(resident)
    d.copy_to_next_year(admin)
    d.confirm_copied_grants(street, "guangrunmen")
    d.confirm_copied_grants(site.pages["li"], "nanpu")
    assert d.results_text(resident, EDITION) == before
    fits(resident)
    after = d.results_text(resident, d.NEXT_EDITION)
    assert "3栋楼道灯维修" not in after[1]
    site.mark("results, copy")
    check_the_record()


def check_the_record():
    """What the pages did, read back from the database and the ledger."""
    from xihu.apps.editions.models import BudgetCommitment, Edition, PowerGrant, StagePlanChange
    from xihu.apps.ledger.models import LedgerEntry
    from xihu.apps.ledger.selectors import ledger_verify
    from xihu.apps.ledger.sequencer import integrate_pending
    from xihu.apps.results.models import Confirmation, CountSession
    from xihu.apps.voting.models import CastBallot, Registration, Seal

    first, second = Edition.objects.get(slug=EDITION), Edition.objects.get(slug=d.NEXT_EDITION)
    assert (first.stage, second.stage) == ("published", "setup")
    assert Registration.objects.filter(edition=first).count() == 2  # community and street ballots
    assert sorted(b.choices for b in CastBallot.objects.filter(ballot__edition=first)) == [[1], [1, 2]]
    assert Seal.objects.filter(box__station__edition=first, kind="seal").count() == 1
    assert CountSession.objects.get(edition=first).close is not None
    assert Confirmation.objects.filter(ballot__edition=first).count() == 2
    change = StagePlanChange.objects.filter(edition=first, stage="voting", stage_had_started=True).get()
    assert change.reason == "登记选民已全部投票，提前结束投票"
    live = PowerGrant.objects.filter(revoked_at__isnull=True)
    assert BudgetCommitment.objects.get(edition=second, unit__code="nanpu-c").amount == 250_000
    assert live.filter(edition=first).count() == live.filter(edition=second).count() == 2 * 6 + 3 * 5
    assert LedgerEntry.objects.filter(actor="system:bootstrap").exists()
    integrate_pending()  # the sequencer's work (`xihu serve` runs it; the live server does not)
    assert ledger_verify().ok
