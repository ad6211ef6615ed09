"""Maps: the tile settings (and their host in the CSP), the points each map lists (proposals at
their point, a project at the mean point of its live sources, funded works with their status),
and the picker's assets on the proposal forms."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.web.builders import full_edition
from xihu.apps.editions.models import Edition
from xihu.apps.maps.selectors import _mean, funded_points, project_points, proposal_points
from xihu.apps.proposals.models import Project, Proposal
from xihu.apps.proposals.services import projects_merge, proposal_submit
from xihu.apps.proposals.services.collection import ProposalInput
from xihu.config.maps import XIHU_MAP_TILE_URL, tile_sources


@pytest.mark.parametrize(("url", "sources"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", ["https://tile.openstreetmap.org"]),
    ("https://{s}.tile.example.org/{z}/{x}/{y}.png", ["https://*.tile.example.org"]),
    ("https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile&LAYER=vec&TILEMATRIX={z}"
     "&TILEROW={y}&TILECOL={x}&tk={key}", ["https://*.tianditu.gov.cn"]),
    ("http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png", ["http://127.0.0.1:8081"]),
    ("/tiles/{z}/{x}/{y}.png", []),
    ("", []),
])
def test_the_csp_source_of_a_tile_url(url, sources):
    assert tile_sources(url) == sources


def test_the_tile_host_is_allowed_for_images(client, db):
    policy = client.get("/").headers.get("Content-Security-Policy-Report-Only") or \
        client.get("/").headers["Content-Security-Policy"]
    img = next(d for d in policy.split(";") if d.strip().startswith("img-src"))
    for source in tile_sources(XIHU_MAP_TILE_URL):
        assert source in img.split()


COORD = st.tuples(st.decimals(min_value=-90, max_value=90, places=6),
                  st.decimals(min_value=-180, max_value=180, places=6))


@given(st.lists(COORD, min_size=1, max_size=30))
def test_a_projects_point_is_the_mean_of_its_sources(points):
    lat, lng = _mean(points)
    n = len(points)
    assert min(p[0] for p in points) <= lat <= max(p[0] for p in points)
    assert min(p[1] for p in points) <= lng <= max(p[1] for p in points)
    assert abs(lat * n - sum(p[0] for p in points)) <= Decimal("0.0000005") * n
    assert abs(lng * n - sum(p[1] for p in points)) <= Decimal("0.0000005") * n
    assert _mean([points[0]] * n) == points[0]


def _submit(edition, community, actor, content, lat=None, lng=None):
    data = ProposalInput(content=content, latitude=Decimal(lat) if lat else None,
                         longitude=Decimal(lng) if lng else None)
    return proposal_submit(edition=edition, community=community, data=data, channel="booth",
                           collector_type="staff", actor=actor)


def test_unit_points_and_the_mean_point_of_a_merged_project(client, people, edition, tree):
    staff = people["staff_s1a"]
    a = _submit(edition, tree["s1a"], staff, "3栋楼道灯坏了", "30.250000", "120.130000")
    b = _submit(edition, tree["s1a"], staff, "修好3栋楼道灯", "30.252000", "120.134000")
    _submit(edition, tree["s1a"], staff, "没有地点的提议")
    _submit(edition, tree["s1b"], people["staff_s1b"], "别的社区", "31.000000", "121.000000")
    assert [p.title for p in proposal_points(edition, tree["s1a"])] == [a.title, b.title]
    assert len(proposal_points(edition, tree["s1"])) == 3  # a street: its communities' proposals
    from xihu.apps.editions import services as editions

    editions.edition_advance(edition=edition, actor=people["admin"])  # screening: merging
    pa, pb = (Project.objects.live().get(sources__proposal=p) for p in (a, b))
    merged = projects_merge(projects=[pa, pb], mode="b", title="楼道灯", actor=staff)
    points = project_points(edition, tree["s1a"])
    assert [(p.title, p.latitude, p.longitude) for p in points] == [
        ("楼道灯", Decimal("30.251000"), Decimal("120.132000"))]
    assert points[0].pk == merged.pk
    page = client.get("/editions/pilot/maps/s1a/").content.decode()
    assert 'data-lat="30.251000"' in page and 'data-kind="project"' in page
    assert f"/editions/pilot/proposals/projects/{merged.pk}/" in page
    assert "李" not in page and "<script>" not in page and " style=" not in page
    assert client.get("/editions/pilot/maps/nowhere/").status_code == 404


def test_funded_works_with_their_status(client, transactional_db):
    full_edition()
    points, unplaced = funded_points(Edition.objects.get(slug="pilot"))
    assert points == [] and unplaced  # no proposal has a point yet: listed under the map
    for n, proposal in enumerate(Proposal.objects.order_by("pk")):
        Proposal.objects.filter(pk=proposal.pk).update(latitude=Decimal(f"30.25{n}"), longitude=Decimal(f"120.13{n}"))
    page = client.get("/editions/pilot/maps/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-kind="funded"') == len(unplaced)
    assert 'data-status="in_progress"' in html or 'data-status="planned"' in html \
        or 'data-status="done"' in html or 'data-status="none"' in html
    assert "获资助项目地图" in html
    client.cookies["django_language"] = "en"
    assert "Map of funded projects" in client.get("/editions/pilot/maps/").content.decode()
    overview = client.get("/editions/pilot/results/").content.decode()
    assert 'id="funded-map-link" href="/editions/pilot/maps/"' in overview


def test_the_picker_comes_with_the_proposal_forms(client, people, edition, settings):
    settings.XIHU_MAP_TILE_URL = "https://t{s}.tianditu.gov.cn/img_w/wmts?tk={key}&x={x}&y={y}&l={z}"
    settings.XIHU_MAP_TILE_KEY = "abc123"
    page = client.get("/editions/pilot/proposals/s1a/propose/").content.decode()
    assert 'id="xihu-map-config"' in page and 'data-key="abc123"' in page
    assert "tianditu.gov.cn/img_w/wmts?tk={key}&amp;x={x}" in page
    assert "vendor/leaflet/leaflet.js" in page and "maps/maps.js" in page
    assert 'name="latitude"' in page  # the numbers stay, for anyone without the map
