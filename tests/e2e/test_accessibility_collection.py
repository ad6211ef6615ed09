"""axe-core in Chromium on the pages of the collection stage (the demo district): what anyone
sees, what a resident sees logged in, and a volunteer's collection and visit forms, in Chinese
and in English: no serious or critical violation, and no violation of the enforced
Content-Security-Policy (the visit and entry screens run their static scripts under it)."""

import pytest

from tests.e2e.a11y import check_page, open_page, served, session_cookie

# The data is committed once by the module fixture (tests.e2e.a11y.served); the marker only has
# the test database set up and lets the tests read it.
pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en"]
E = "/editions/{e}"
PAGES = {  # name: (who, path, status)
    "home": (None, "/", 200),
    "edition": (None, E + "/", 200),
    "community": (None, "/units/xiangshan/", 200),
    "roles": (None, E + "/roles/", 200),
    "login": (None, "/accounts/login/", 200),
    "not-found": (None, "/no-such-page/", 404),
    "online-proposal": (None, E + "/proposals/", 200),
    "community-proposal": (None, E + "/proposals/xiangshan/propose/", 200),
    "receipt-form": (None, E + "/proposals/receipt/", 200),
    "receipt": (None, E + "/proposals/receipt/?code={receipt}", 200),
    "proposal-figures": (None, E + "/proposals/xiangshan/figures/", 200),
    "resident-home": ("resident_xiangshan", "/", 200),
    "resident-proposal": ("resident_xiangshan", E + "/proposals/xiangshan/propose/", 200),
    "volunteer-home": ("volunteer_xiangshan", "/", 200),
    "collection": ("volunteer_xiangshan", E + "/proposals/xiangshan/collect/", 200),
    "building": ("volunteer_xiangshan", E + "/proposals/xiangshan/buildings/3栋/", 200),
    "visit": ("volunteer_xiangshan", E + "/proposals/xiangshan/households/{household}/visit/", 200),
    "entry": ("volunteer_xiangshan", E + "/proposals/xiangshan/entry/", 200),
    "offline": ("volunteer_xiangshan", E + "/proposals/xiangshan/offline/", 200),
}


def _build() -> dict:
    from xihu.apps.accounts.models import User
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals.models import Channel, CollectorType, Household
    from xihu.apps.proposals.services import proposals_import
    from xihu.apps.proposals.services.collection import ImportLine, ProposalInput

    edition, _created = load_demo(with_stage_data=False)
    xiangshan = Unit.objects.get(code="xiangshan")
    household = None
    for door in ("101", "102"):
        household = Household.objects.create(community=xiangshan, household_no=f"XS-{door}",
                                             building="3栋", entrance="1", door=door)
    line = ImportLine(ProposalInput(content="3栋楼道灯坏了，晚上很黑", location_text="3栋", level="community",
                                    proposer_name="张三", proposer_contact="13800000000"),
                      Channel.DOOR, CollectorType.VOLUNTEER)
    [proposal] = proposals_import(edition=edition, community=xiangshan, lines=[line],
                                  actor=User.objects.get(username="staff_xiangshan"))
    return {"values": {"e": edition.slug, "household": household.pk, "receipt": proposal.receipt_code}}


@pytest.fixture(scope="module")
def collecting(django_db_setup, django_db_blocker):
    with served(django_db_blocker, _build) as site:
        site["sessions"] = {who: session_cookie(site["url"], who)
                            for who in {who for who, _path, _status in PAGES.values() if who}}
        yield site


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_collection_page_is_accessible_under_the_policy(browser, collecting, name, language):
    who, path, status = PAGES[name]
    cookies = [collecting["sessions"][who]] if who else []
    page, response, console = open_page(browser, collecting["url"], path.format(**collecting["values"]),
                                        language, cookies=cookies)
    try:
        check_page(page, response, console, language, status=status)
    finally:
        page.context.close()


def test_the_language_switch_keeps_the_page_and_its_accessibility(browser, collecting):
    """The header's language button takes a volunteer's visit form to English and back, on the
    same address, each time passing axe under the policy."""
    path = PAGES["visit"][1].format(**collecting["values"])
    page, response, console = open_page(browser, collecting["url"], path, "zh-hans",
                                        cookies=[collecting["sessions"]["volunteer_xiangshan"]])
    try:
        check_page(page, response, console, "zh-hans")
        with page.expect_navigation() as english:
            page.locator("header button[name=language][value=en]").click()
        assert page.url == collecting["url"] + path
        check_page(page, english.value, console, "en")
        with page.expect_navigation():
            page.locator("header button[name=language][value=zh-hans]").click()
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
    finally:
        page.context.close()
