"""Pages: who sees what (403 for other communities, contacts only for own staff), the phone
visit flow, keyboard entry without reload (JSON), receipt lookup, exports and figures."""

import io

import pytest
from openpyxl import load_workbook

from xihu.apps.proposals.models import Household, Proposal, Visit


@pytest.fixture
def login(client):
    def as_(user):
        client.force_login(user)
        return client

    return as_


@pytest.fixture
def household(tree):
    return Household.objects.create(community=tree["s1a"], household_no="H1", building="3栋",
                                    entrance="1", door="101")


def test_collect_pages_for_own_staff_and_403_for_others(login, people, edition, tree, household):
    c = login(people["staff_s1a"])
    for url in ["/editions/pilot/proposals/s1a/collect/", "/editions/pilot/proposals/s1a/buildings/3栋/", "/editions/pilot/proposals/s1a/entry/",
                f"/editions/pilot/proposals/s1a/households/{household.pk}/visit/", "/editions/pilot/proposals/s1a/register/",
                "/editions/pilot/proposals/s1a/import/", "/editions/pilot/proposals/s1a/assign/", "/editions/pilot/proposals/s1a/screen/"]:
        assert c.get(url).status_code == 200, url
    c = login(people["staff_s1b"])
    for url in ["/editions/pilot/proposals/s1a/collect/", "/editions/pilot/proposals/s1a/screen/", "/editions/pilot/proposals/s1a/buildings/3栋/"]:
        assert c.get(url).status_code == 403, url


def test_a_resident_of_the_community_is_kept_out_of_its_collection_pages(login, people, edition,
                                                                         household):
    """The register's doors and each household's last visit are for collectors and staff."""
    c = login(people["resident_s1a"])
    for url in ["/editions/pilot/proposals/s1a/collect/", "/editions/pilot/proposals/s1a/buildings/3栋/",
                f"/editions/pilot/proposals/s1a/households/{household.pk}/visit/",
                "/editions/pilot/proposals/s1a/entry/", "/editions/pilot/proposals/s1a/screen/"]:
        assert c.get(url).status_code == 403, url
    assert c.get("/editions/pilot/proposals/s1a/propose/").status_code == 200, "proposing is theirs"


def test_volunteer_records_visit_with_proposal(login, people, edition, tree, household, organisation):
    c = login(people["volunteer_s1a"])
    response = c.post(f"/editions/pilot/proposals/s1a/households/{household.pk}/visit/", {
        "outcome": "proposals", "collector_type": "volunteer", "note": "",
        "p-content": "楼道灯坏了", "p-location_text": "3栋1单元", "p-category": "lighting",
        "p-level": "community", "p-proposer_name": "李四", "p-proposer_contact": "13912345678",
    })
    assert response.status_code == 302
    visit = Visit.objects.get()
    proposal = Proposal.objects.get()
    assert proposal.visit == visit and proposal.building == "3栋"
    assert proposal.collector_type == "volunteer" and proposal.organisation == organisation
    # the volunteer may not claim to be staff
    response = c.post(f"/editions/pilot/proposals/s1a/households/{household.pk}/visit/", {
        "outcome": "nobody", "collector_type": "staff"}, follow=True)
    assert Visit.objects.count() == 1
    assert "可以记录为" in response.content.decode() or "record this as" in response.content.decode()


def test_contacts_only_for_own_staff(login, people, edition, make_proposals, advance):
    make_proposals("s1a", 2)
    advance()
    staff_page = login(people["staff_s1a"]).get("/editions/pilot/proposals/s1a/screen/").content.decode()
    assert "13800000000" in staff_page
    officer_page = login(people["officer_s1"]).get("/editions/pilot/proposals/s1a/screen/").content.decode()
    assert "13800000000" not in officer_page and "张三" not in officer_page
    code = Proposal.objects.first().receipt_code
    for page in (f"/editions/pilot/proposals/receipt/?code={code}", "/editions/pilot/proposals/s1a/summary/",
                 f"/editions/pilot/proposals/projects/{Proposal.objects.first().links.get().project_id}/"):
        body = login(people["resident_s1a"]).get(page).content.decode()
        assert "13800000000" not in body and "张三" not in body


def test_keyboard_entry_saves_without_reload(login, people, edition):
    c = login(people["staff_s1a"])
    data = {"content": "增加休闲座椅", "location_text": "广场", "category": "seating", "level": "community",
            "channel": "booth", "collector_type": "staff", "building": ""}
    response = c.post("/editions/pilot/proposals/s1a/entry/", data, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 200 and response.json()["ok"]
    code = response.json()["receipt"]
    assert Proposal.objects.get(receipt_code=code).channel == "booth"
    bad = c.post("/editions/pilot/proposals/s1a/entry/", {**data, "content": ""}, HTTP_X_REQUESTED_WITH="fetch")
    assert bad.status_code == 400 and bad.json()["errors"]


def test_receipt_lookup_shows_history_and_reason(login, people, edition, make_proposals, advance):
    from xihu.apps.proposals.services import proposal_exclude

    proposals = make_proposals("s1a", 1)
    advance()
    proposal_exclude(proposal=proposals[0], reason="other_party", explanation="由物业公司负责维修",
                     actor=people["staff_s1a"])
    code = proposals[0].receipt_code
    body = login(people["resident_s1b"]).get(f"/editions/pilot/proposals/receipt/?code={code.lower().replace('-', '')}").content.decode()
    assert code in body and "由物业公司负责维修" in body and "有其他责任主体" in body
    assert 'class="errors"' in login(people["resident_s1b"]).get("/editions/pilot/proposals/receipt/?code=XXXX-YYYY").content.decode()


def test_online_proposal_anonymous_and_resident(client, people, edition):
    response = client.post("/editions/pilot/proposals/s1a/propose/", {"content": "希望安装监控", "category": "security",
                                                       "level": "community"})
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.channel == "online" and proposal.collector_type == "self"
    client.force_login(people["resident_s1a"])
    client.post("/editions/pilot/proposals/s1a/propose/", {"content": "增加健身器材", "category": "fitness", "level": "community"})
    assert Proposal.objects.count() == 2
    client.force_login(people["resident_s1b"])  # a resident of another community
    client.post("/editions/pilot/proposals/s1a/propose/", {"content": "增加健身器材", "category": "fitness", "level": "community"})
    assert Proposal.objects.count() == 2


def test_summary_xlsx_and_figures(client, people, edition, make_proposals):
    make_proposals("s1a", 4)
    response = client.get("/editions/pilot/proposals/s1a/summary.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[4][1] == "3栋楼道灯坏了，晚上很黑" and rows[1][1] == 4
    for code in ("s1a", "s1", "d"):
        assert client.get(f"/editions/pilot/proposals/{code}/figures/").status_code == 200
    assert "fig-yield" in client.get("/editions/pilot/proposals/s1a/figures/").content.decode()


def test_a_removed_volunteer_is_no_longer_offered_as_a_collector(client, tree, edition, people):
    from xihu.apps.accounts.models import RoleAssignment
    from xihu.apps.accounts.services import role_revoke

    volunteer = people["volunteer_s1a"]
    staff = people["staff_s1a"]
    client.force_login(staff)
    url = f"/editions/{edition.slug}/proposals/s1a/assign/"
    assert f'value="{volunteer.pk}"' in client.get(url).content.decode()
    assignment = RoleAssignment.objects.get(user=volunteer, role="volunteer", unit=tree["s1a"])
    role_revoke(assignment=assignment, actor=people["officer_s1"])
    assert f'value="{volunteer.pk}"' not in client.get(url).content.decode()


def test_the_collector_comparison_shows_proposals_per_100_visits(login, people, edition, tree):
    import re

    homes = [Household.objects.create(community=tree["s1a"], household_no=f"H{n}", building="3栋",
                                      entrance="1", door=f"{n}01") for n in range(1, 7)]
    proposal = {"outcome": "proposals", "p-content": "楼道灯坏了", "p-location_text": "3栋1单元",
                "p-category": "lighting", "p-level": "community"}
    # volunteers: 2 visits, 1 proposal (50 per 100); staff: 4 visits, 1 proposal (25 per 100)
    for who, home, data in [("volunteer_s1a", homes[0], proposal), ("volunteer_s1a", homes[1], {"outcome": "nobody"}),
                            ("staff_s1a", homes[2], proposal), ("staff_s1a", homes[3], {"outcome": "nobody"}),
                            ("staff_s1a", homes[4], {"outcome": "nobody"}), ("staff_s1a", homes[5], {"outcome": "nobody"})]:
        kind = "volunteer" if who.startswith("volunteer") else "staff"
        response = login(people[who]).post(f"/editions/pilot/proposals/s1a/households/{home.pk}/visit/",
                                           {**data, "collector_type": kind, "note": ""})
        assert response.status_code == 302
    assert (Visit.objects.count(), Proposal.objects.count()) == (6, 2)
    page = login(people["staff_s1a"]).get("/editions/pilot/proposals/s1a/figures/",
                                          HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    section = page[page.index('id="fig-yield"'):]
    section = section[:section.index("</section>")]
    bars = re.findall(r'<span class="label">([^<]*)</span>.*?<span class="value">([^<]*)</span>', section, re.S)
    assert [(label, " ".join(value.split())) for label, value in bars] == [
        ("社区工作人员", "25 (1 / 4)"), ("志愿者", "50 (1 / 2)"), ("工作人员与志愿者共同", "0 (0 / 0)")]
