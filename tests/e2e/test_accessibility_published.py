"""axe-core in Chromium on every public page of an edition that went through every stage
(tests.web.builders.full_edition), in Chinese and in English: no serious or critical
violation, and no violation of the enforced Content-Security-Policy. One browser for the whole
run, one context per page, the data built once for the module."""

import pytest

from tests.e2e.a11y import check_page, open_page, served

# The data is committed once by the module fixture (tests.e2e.a11y.served); the marker only has
# the test database set up and lets the tests read it.
pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "en"]
PAGES = {
    "home": "/",
    "edition": "/editions/{e}/",
    "community": "/units/s1a/",
    "street": "/units/s1/",
    "roles": "/editions/{e}/roles/",
    "ledger": "/ledger/",
    "ledger-entry": "/ledger/{entry}/",
    "witnesses": "/ledger/witnesses/",
    "login": "/accounts/login/",
    "proposal-form": "/editions/{e}/proposals/",
    "proposal-receipt": "/editions/{e}/proposals/receipt/?code={receipt}",
    "proposal-receipt-unknown": "/editions/{e}/proposals/receipt/?code=ABCD-EFGH",
    "project": "/editions/{e}/proposals/projects/{project}/",
    "proposal-figures": "/editions/{e}/proposals/s1a/figures/",
    "proposal-summary": "/editions/{e}/proposals/s1a/summary/",
    "assemblies": "/editions/{e}/assemblies/",
    "assembly": "/editions/{e}/assemblies/s1a/",
    "assembly-ranking": "/editions/{e}/assemblies/s1a/ranking/",
    "assembly-projector": "/editions/{e}/assemblies/s1a/projector/#paused",  # no reload mid-check
    "ballots": "/editions/{e}/ballots/",
    "ballot": "/editions/{e}/ballots/ballot/{ballot}/",
    "voting-figures": "/editions/{e}/voting/",
    "voting-receipt": "/editions/{e}/voting/receipt/?code=ABCD-EFGH",
    "results": "/editions/{e}/results/",
    "results-street": "/editions/{e}/results/s1/",
    "results-community": "/editions/{e}/results/s1a/",
    "results-item": "/editions/{e}/results/projects/{item}/",
    "results-evaluation": "/editions/{e}/results/evaluation/",
    "map-funded": "/editions/{e}/maps/",
    "map-community": "/editions/{e}/maps/s1a/",
    "evaluation": "/editions/{e}/evaluation/",
    "evaluation-log": "/editions/{e}/evaluation/log/",
    "analytics": "/editions/{e}/analytics/",
    "dashboard": "/editions/{e}/dashboard/",
}


def _build() -> dict:
    from tests.web.builders import full_edition
    from xihu.apps.ledger.models import LedgerLeaf
    from xihu.apps.ledger.sequencer import integrate_pending
    from xihu.apps.proposals.models import Project

    world = full_edition()
    integrate_pending()
    edition = world["edition"]
    return {"values": {"e": edition.slug, "item": world["funded"].pk, "ballot": world["ballot"].pk,
                       "project": Project.objects.filter(edition=edition).order_by("pk").first().pk,
                       "receipt": world["proposals"][0].receipt_code,
                       "entry": LedgerLeaf.objects.order_by("-index").first().index}}


@pytest.fixture(scope="module")
def published(django_db_setup, django_db_blocker):
    with served(django_db_blocker, _build) as site:
        yield site


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_public_page_is_accessible_under_the_policy(browser, published, name, language):
    page, response, console = open_page(browser, published["url"], PAGES[name].format(**published["values"]),
                                        language)
    try:
        check_page(page, response, console, language)
    finally:
        page.context.close()


FONT = "() => [getComputedStyle(document.body).fontSize, getComputedStyle(document.querySelector('h1')).fontSize]"


def test_large_text_is_a_visible_toggle_that_persists(browser, published):
    """A resident on a phone turns the large text on from the header: the page reloads large,
    stays large on a reload and on the next page (the server sends it large: no flash of small
    text), passes axe large too, and turns off the same way."""
    url, e = published["url"], published["values"]["e"]
    page, response, console = open_page(browser, url, "/", "zh-hans", viewport={"width": 390, "height": 844})
    try:
        toggle = page.locator("header #text-size")
        assert toggle.is_visible() and toggle.inner_text() == "大字"
        assert toggle.get_attribute("aria-pressed") == "false"
        body, h1 = (float(size[:-2]) for size in page.evaluate(FONT))
        assert body == 17

        toggle.click()
        page.wait_for_load_state("load")
        assert page.locator("header #text-size").get_attribute("aria-pressed") == "true"
        assert page.evaluate(FONT) == ["22px", f"{h1 * 1.25:g}px"]
        again = page.reload()
        assert 'class="large-text"' in again.text()  # the server's HTML: the first paint is large
        assert page.evaluate(FONT) == ["22px", f"{h1 * 1.25:g}px"]
        page.goto(url + f"/editions/{e}/results/s1a/")
        assert float(page.evaluate(FONT)[0][:-2]) == 22
        check_page(page, page.reload(), console, "zh-hans")
        # at 390 px nothing scrolls sideways, large as it is
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        page.locator("header #text-size").click()
        page.wait_for_load_state("load")
        assert page.evaluate(FONT)[0] == "17px"
        assert page.locator("header #text-size").get_attribute("aria-pressed") == "false"
    finally:
        page.context.close()


@pytest.mark.parametrize("plant, finding", [
    ("document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text name=x>')",
     "critical label"),
    ("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=/static/xihu/site.css>')",
     "critical image-alt"),
    ("var s = document.createElement('script'); s.textContent = 'window.x = 1'; document.body.append(s)",
     "script-src-elem blocked inline"),
    ("document.querySelector('main').insertAdjacentHTML('beforeend', '<p style=\"color:red\">x</p>')",
     "style-src-attr blocked inline"),
])
def test_the_check_sees_a_planted_fault(browser, published, plant, finding):
    """The check is not blind: an unlabelled field, an image without text, an inline script and
    a style attribute planted in a clean page each fail it, named."""
    page, response, console = open_page(browser, published["url"], "/", "zh-hans")
    try:
        page.evaluate(plant)
        if "blocked" in finding:  # the violation event comes as a task after the insertion
            page.wait_for_function("window.__cspViolations.length > 0")
        with pytest.raises(AssertionError) as failure:
            check_page(page, response, console, "zh-hans")
        assert finding in str(failure.value)
    finally:
        page.context.close()


def test_the_projector_board_can_be_paused(browser, published):
    """The live count reloads itself by a static script (no meta refresh); its button pauses and
    resumes it, and a paused board stays paused across a reload."""
    path = PAGES["assembly-projector"].split("#")[0].format(**published["values"])
    page, response, console = open_page(browser, published["url"], path, "zh-hans")
    try:
        button = page.locator("#projector-pause")
        assert button.is_visible() and button.inner_text() == "暂停更新"
        assert page.locator('meta[http-equiv="refresh"]').count() == 0
        button.click()
        assert page.url.endswith("#paused") and button.inner_text() == "继续更新"
        page.reload()
        assert page.locator("#projector-pause").inner_text() == "继续更新"
        page.locator("#projector-pause").click()
        assert not page.url.endswith("#paused") and button.inner_text() == "暂停更新"
        assert page.evaluate("window.__cspViolations") == []
    finally:
        page.context.close()
