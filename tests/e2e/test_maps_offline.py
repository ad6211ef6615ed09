"""In real Chromium on a phone (390 x 844, touch): the place of a proposal picked on the map
(tiles from a local tile server), the public map of funded projects with their status, and
collection with the network cut: records entered after a reload with no network, kept on the
phone, then sent once each when the network returns, and not again when sent twice."""

import copy
import json
import os

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.tiles import TileServer

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}
CENTER = "30.2590,120.1300"


@pytest.fixture
def tiles(settings):
    """The local tile server in the map settings, and its host in the CSP's img-src, as
    config/security.py puts the configured tile host there."""
    from xihu.config.maps import tile_sources

    with TileServer() as server:
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
            if getattr(settings, name, None):
                policy = copy.deepcopy(getattr(settings, name))
                policy["DIRECTIVES"]["img-src"] = [*policy["DIRECTIVES"]["img-src"], *tile_sources(server.url)]
                setattr(settings, name, policy)
        settings.XIHU_MAP_TILE_URL = server.url
        settings.XIHU_MAP_TILE_ATTRIBUTION = "test tiles"
        settings.XIHU_MAP_CENTER = CENTER
        settings.XIHU_MAP_ZOOM = 16
        yield server


@pytest.fixture
def collecting(live_server, transactional_db):
    from tests.assemblies.helpers import build_world, set_stage
    from tests.factories import make_user
    from xihu.apps.proposals.models import Household

    world = build_world()
    set_stage(world["edition"], "collection")
    s1a = world["units"]["s1a"]
    make_user("volunteer", s1a, "vol_s1a")
    homes = [Household.objects.create(community=s1a, household_no=f"H{door}", building="3栋",
                                      entrance="1", door=door) for door in ("101", "102")]
    return {"url": live_server.url, "homes": homes, **world}


def _login(page, url, username):
    page.goto(url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("button.primary")
    page.wait_for_load_state()


def _csp_watch(page) -> list[str]:
    """What the browser reports against the Content-Security-Policy (enforced, or reported): no
    inline script, style attribute or handler, and tiles from the configured host only.
    (The waits below use locators and evaluate(), never wait_for_function, which needs eval.)"""
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: seen.append(f"page error: {e}"))
    return seen


def _shot(page, name):
    """XIHU_SCREENSHOTS=dir keeps screenshots for a human to look at."""
    if os.environ.get("XIHU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["XIHU_SCREENSHOTS"], f"{name}.png"), full_page=True)


def _tiles_drawn(page, at_least=1):
    expect(page.locator("img.leaflet-tile-loaded").nth(at_least - 1)).to_be_attached()


def _until(page, script: str, tries: int = 100) -> None:
    """Poll a condition in the page (evaluate() is not subject to the page's CSP)."""
    for _ in range(tries):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(script)


def test_the_place_of_a_proposal_is_picked_on_the_map_on_a_phone(browser, collecting, tiles):
    from xihu.apps.proposals.models import Proposal

    context = browser.new_context(**PHONE)
    page = context.new_page()
    _login(page, collecting["url"], "vol_s1a")
    page.goto(collecting["url"] + "/editions/pilot/proposals/s1a/entry/?channel=booth")
    picker = page.locator(".map-pick")
    expect(picker).to_be_visible()
    _tiles_drawn(page, 4)
    assert tiles.requests and all(r.startswith("/tiles/16/") for r in tiles.requests)
    box = picker.bounding_box()
    assert box["width"] <= 390
    _shot(page, "maps-picker")
    # a tap a little right of and above the middle: east and north of the centre
    picker.tap(position={"x": box["width"] / 2 + 40, "y": box["height"] / 2 - 30})
    expect(page.locator("#id_latitude")).not_to_have_value("")
    lat, lng = float(page.input_value("#id_latitude")), float(page.input_value("#id_longitude"))
    assert 30.2590 < lat < 30.2640 and 120.1300 < lng < 120.1340, (lat, lng)
    expect(page.locator(".map-pick .leaflet-marker-icon")).to_have_count(1)
    # the numbers stay the accessible way in: typing them moves the marker
    page.fill("#id_content", "这里的路灯坏了，请修好")
    page.select_option("#id_collector_type", "volunteer")
    page.click("button.primary")
    expect(page.locator("#entry-status")).to_contain_text("回执码")
    proposal = Proposal.objects.get()
    assert float(proposal.latitude) == pytest.approx(lat, abs=1e-6)
    assert float(proposal.longitude) == pytest.approx(lng, abs=1e-6)
    # the entry screen cleared the form for the next proposal: the pin goes with the numbers
    expect(page.locator("#id_latitude")).to_have_value("")
    expect(page.locator(".map-pick .leaflet-marker-icon")).to_have_count(0)
    page.fill("#id_latitude", "30.261000")
    page.fill("#id_longitude", "120.131000")
    marker = page.locator(".map-pick .leaflet-marker-icon")
    expect(marker).to_have_count(1)
    page.click(".map-clear")
    expect(page.locator("#id_latitude")).to_have_value("")
    expect(marker).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_public_map_of_funded_projects_shows_their_status(browser, live_server, transactional_db, tiles):
    from tests.web.builders import full_edition
    from xihu.apps.proposals.models import Proposal

    full_edition()
    for n, proposal in enumerate(Proposal.objects.order_by("pk")):
        Proposal.objects.filter(pk=proposal.pk).update(latitude=f"30.25{n}000", longitude=f"120.13{n}000")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    violations = _csp_watch(page)
    page.goto(live_server.url + "/editions/pilot/maps/")
    items = page.locator("#funded-points li[data-lat]")
    count = items.count()
    assert count >= 1
    expect(page.locator("#funded-map path.pt-funded")).to_have_count(count)
    _tiles_drawn(page)
    statuses = page.eval_on_selector_all("#funded-points li[data-lat]", "els => els.map(e => e.dataset.status)")
    assert "in_progress" in statuses or "planned" in statuses or "done" in statuses or "none" in statuses
    page.locator("#funded-map path.pt-funded").first.click()
    expect(page.locator(".leaflet-popup-content")).to_be_visible()
    page.goto(live_server.url + "/editions/pilot/maps/s1a/")
    expect(page.locator("#unit-map path.pt-proposal")).to_have_count(Proposal.objects.count())
    assert page.locator("#unit-map path.pt-project").count() >= 1
    _tiles_drawn(page)
    _shot(page, "unit-map")
    assert violations == []
    context.close()


def _cut(route):
    route.abort("internetdisconnected")


def _offline(context, offline: bool) -> None:
    """The network cut (or back) for the pages and for the service worker: Chromium's offline
    emulation does not always reach a service worker's own fetches (Playwright issue 2311), so
    every request of the context is also refused while cut (service workers' requests are routed
    too: PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS, tests/e2e/conftest.py)."""
    if offline:  # the route first and last: the page syncs as soon as it is told it is online
        context.route("**/*", _cut)
        context.set_offline(True)
    else:
        context.unroute("**/*", _cut)
        context.set_offline(False)


def test_collection_with_the_network_cut(browser, collecting, tiles):
    from xihu.apps.proposals.models import Proposal, Visit

    context = browser.new_context(**PHONE)
    page = context.new_page()
    _login(page, collecting["url"], "vol_s1a")
    violations = _csp_watch(page)
    offline_url = collecting["url"] + "/editions/pilot/proposals/s1a/offline/"
    page.goto(offline_url)
    expect(page.locator("html")).to_have_attribute("data-offline-ready", "1", timeout=15000)
    page.reload()  # now under the service worker
    _until(page, "() => navigator.serviceWorker.controller !== null")

    _offline(context, True)
    page.reload()
    expect(page.locator("#offline-form")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("无信号采集")
    # the network is really cut, for the service worker too: a page never kept does not open
    other = context.new_page()
    with pytest.raises(PlaywrightError):
        other.goto(collecting["url"] + "/editions/pilot/proposals/s1a/collect/")
    other.close()
    # 1: a proposal in the street, picked on the map
    page.select_option("#id_channel", "booth")
    page.check("input[name=collector_type][value=volunteer]")
    page.fill("#id_p-content", "小广场增设健身器材")
    _tiles_drawn(page)  # tiles seen online are kept by the service worker
    picker = page.locator(".map-pick")
    box = picker.bounding_box()
    picker.tap(position={"x": box["width"] / 2, "y": box["height"] / 2})
    expect(page.locator("#id_p-latitude")).not_to_have_value("")
    _until(page, "() => [...document.querySelectorAll('.map-pick img.leaflet-marker-icon')]"
                 ".some(i => i.complete && i.naturalWidth > 0)")  # the pin, kept too
    picked = page.input_value("#id_p-latitude")
    page.click("#offline-form button.primary")
    expect(page.locator("#sync-state")).to_contain_text("没有信号")
    # 2: a visit with a proposal
    page.select_option("#id_household", str(collecting["homes"][0].pk))
    page.check("input[name=outcome][value=proposals]")
    page.fill("#id_p-content", "3栋楼道灯坏了")
    page.fill("#id_p-proposer_name", "王五")
    page.click("#offline-form button.primary")
    # 3: nobody home
    page.select_option("#id_household", str(collecting["homes"][1].pk))
    page.check("input[name=outcome][value=nobody]")
    expect(page.locator("#proposal-set")).to_be_hidden()
    page.click("#offline-form button.primary")
    expect(page.locator("#sync-box")).to_have_attribute("data-waiting", "3")
    expect(page.locator("#sync-list li[data-state=waiting]")).to_have_count(3)
    page.reload()  # still no network: the records are still on the phone
    expect(page.locator("#sync-list li[data-state=waiting]")).to_have_count(3)
    _shot(page, "offline-kept")
    assert Proposal.objects.count() == 0 and Visit.objects.count() == 0
    kept = page.evaluate("localStorage.getItem(document.getElementById('sync-box').dataset.store)")

    _offline(context, False)
    expect(page.locator("#sync-box")).to_have_attribute("data-waiting", "0", timeout=15000)
    expect(page.locator("#sync-list li[data-state=sent]")).to_have_count(3)
    expect(page.locator("#sync-state")).to_contain_text("3")
    ids = [r["client_id"] for r in json.loads(kept)]
    assert Proposal.objects.count() == 2 and Visit.objects.count() == 2
    for client_id in ids:
        assert Proposal.objects.filter(client_id=client_id).count() + Visit.objects.filter(client_id=client_id).count() >= 1
    street = Proposal.objects.get(visit__isnull=True)
    assert street.channel == "booth" and str(street.latitude) == picked
    home = Proposal.objects.get(visit__isnull=False)
    assert home.proposer_name == "王五" and home.visit.household == collecting["homes"][0]
    receipts = sorted(Proposal.objects.values_list("receipt_code", flat=True))
    # the sent records kept no proposer's name on the phone
    assert "王五" not in page.evaluate("JSON.stringify(localStorage)")

    # the answers were lost: the phone sends everything again; nothing is made twice
    page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                  [page.evaluate("document.getElementById('sync-box').dataset.store"), kept])
    page.reload()
    expect(page.locator("#sync-box")).to_have_attribute("data-waiting", "0", timeout=15000)
    expect(page.locator("#sync-list li[data-state=sent]")).to_have_count(3)
    assert Proposal.objects.count() == 2 and Visit.objects.count() == 2
    assert sorted(Proposal.objects.values_list("receipt_code", flat=True)) == receipts
    shown = page.locator("#sync-list").inner_text()
    for code in receipts:
        assert code in shown
    assert violations == []
    context.close()
