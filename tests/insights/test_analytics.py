"""Participation figures on a built fixture, their numbers asserted exactly: channels, collectors
and the visit yield (the study's comparison), organisations and buildings, turnout by unit, day,
station and age band, each organisation's activity in each stage; and the page."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from tests.factories import make_user
from tests.results.builders import CST
from xihu.apps.assemblies.models import Assembly, Attendee
from xihu.apps.editions.models import Edition
from xihu.apps.insights.analytics import figures as f
from xihu.apps.insights.analytics.page import analytics_context
from xihu.apps.organisation.models import OrganisationMembership, SocialOrganisation
from xihu.apps.proposals.models import Household, Proposal, Visit
from xihu.apps.proposals.selectors.figures import participation
from xihu.apps.results.models import CountMember, CountSession
from xihu.apps.voting.models import Registration, Shift, Station

pytestmark = pytest.mark.django_db


def _member(org, user):
    OrganisationMembership.objects.create(organisation=org, user=user)
    return user


def _proposal(edition, community, n, **kwargs):
    return Proposal.objects.create(edition=edition, community=community, receipt_code=f"R{edition.pk}{n:05d}",
                                   title=f"提议{n}", content="修好楼道灯", **kwargs)


@pytest.fixture
def world(edition, tree, people):
    s1a = tree["s1a"]
    volunteers = SocialOrganisation.objects.create(name="南大志愿者", name_en="NCU Volunteers",
                                                   kind="university_volunteers", home_unit=tree["d"])
    alumni = SocialOrganisation.objects.create(name="校友会", name_en="Alumni", kind="alumni", home_unit=tree["d"])
    SocialOrganisation.objects.create(name="专家组", kind="expert_group", home_unit=tree["d"])
    vol = _member(volunteers, make_user("volunteer", s1a, "vol1"))
    alum = _member(alumni, make_user("volunteer", s1a, "alum1"))
    staff = people["staff"]
    homes = {b: [Household.objects.create(community=s1a, household_no=f"{b}-{n}", building=b) for n in range(3)]
             for b in ("1栋", "2栋")}

    def visit(home, who, kind, org=None, outcome="visited"):
        return Visit.objects.create(edition=edition, household=home, outcome=outcome, collector_type=kind,
                                    collector=who, organisation=org)

    v = [visit(homes["1栋"][i], vol, "volunteer", volunteers) for i in range(3)]
    v.append(visit(homes["2栋"][0], vol, "volunteer", volunteers))
    s = [visit(homes["2栋"][i], staff, "staff") for i in range(3)]
    both = visit(homes["1栋"][1], alum, "both", alumni)
    n = iter(range(100))
    for source, kind, org, who in ((v[0], "volunteer", volunteers, vol), (v[1], "volunteer", volunteers, vol),
                                   (v[3], "volunteer", volunteers, vol), (s[0], "staff", None, staff),
                                   (both, "both", alumni, alum)):
        _proposal(edition, s1a, next(n), channel="door", collector_type=kind, organisation=org, collector=who,
                  visit=source, building=source.household.building)
    for _ in range(2):
        _proposal(edition, s1a, next(n), channel="booth", collector_type="staff", collector=staff)
    _proposal(edition, tree["s1b"], next(n), channel="online", collector_type="self")
    # assemblies: two advisers of the volunteers seated; one alumni adviser never came
    assembly = Assembly.objects.create(edition=edition, unit=s1a, venue="活动室", tables=2, created_by=staff,
                                       starts_at=datetime(2018, 1, 13, 9, tzinfo=CST))
    for table in (1, 2):
        Attendee.objects.create(assembly=assembly, name=f"顾问{table}", table_role="adviser", table_no=table,
                                organisation=volunteers, checked_in_at=assembly.starts_at)
    Attendee.objects.create(assembly=assembly, name="校友顾问", table_role="adviser", organisation=alumni)
    # voting: shifts of members at two stations; an alumnus sat in a count
    office = Station.objects.create(edition=edition, community=s1a, kind="fixed", name="社区办公室")
    stand = Station.objects.create(edition=edition, community=s1a, kind="stand", name="菜市场")
    for day in (date(2018, 1, 28), date(2018, 1, 29)):
        Shift.objects.create(station=office, officer=vol, day=day, starts="08:00", ends="12:00", created_by=staff)
    Shift.objects.create(station=stand, officer=alum, day=date(2018, 1, 29), starts="08:00", ends="12:00",
                         created_by=staff)
    session = CountSession.objects.create(edition=edition, community=s1a, opened_by=people["counter"])
    CountMember.objects.create(session=session, user=alum, role="scrutineer", independent=True)
    # registrations: (person, kinds, station, local time, age band)
    voters = [("p1", ("community", "street"), office, "2018-01-28 10:00", "15-24"),
              ("p2", ("community",), office, "2018-01-28 23:30", "15-24"),
              ("p3", ("community",), stand, "2018-01-29 00:30", "15-24"),
              ("p4", ("community", "street"), stand, "2018-01-29 09:00", "65+"),
              ("p5", ("community",), office, "2018-01-30 09:00", "65+"),
              ("p6", ("street",), office, "2018-01-30 10:00", "")]
    Registration.objects.bulk_create([
        Registration(edition=edition, ballot_kind=kind, voter_key=key, community=s1a, station=station,
                     officer=vol, age_band=band,
                     registered_at=datetime.fromisoformat(at).replace(tzinfo=CST))
        for key, kinds, station, at, band in voters for kind in kinds])
    return {"volunteers": volunteers, "alumni": alumni, "office": office, "stand": stand}


def values(points):
    return {p.key: p.value for p in points}


def test_proposals_and_visits_by_channel_collector_and_yield(edition, world):
    assert values(f.proposals_by_channel(edition)) == {"door": 5, "booth": 2, "online": 1}
    assert values(f.proposals_by_collector(edition)) == {"staff": 3, "volunteer": 3, "both": 1, "self": 1}
    visits = f.visits_by_collector(edition)
    assert [(p.key, p.value, p.extra["proposals"]) for p in visits] == [
        ("staff", 3, 1), ("volunteer", 4, 3), ("both", 1, 1)]
    assert values(f.yield_by_collector(edition)) == {"staff": 33.3, "volunteer": 75.0, "both": 100.0}


def test_the_collector_comparison_on_the_figures_page_has_these_numbers(edition, tree, world):
    """The proposals app's figures (its page) compare collectors with the same numbers."""
    from django.utils import translation

    with translation.override("en"):
        figures = participation(edition, tree["d"])
    assert figures.total == 8
    assert [(b.label, b.value, b.extra) for b in figures.yield_per_visit] == [
        ("community staff", 33, "1 / 3"), ("volunteer", 75, "3 / 4"), ("staff and volunteer together", 100, "1 / 1")]
    assert [(b.label, b.value) for b in figures.collector] == [
        ("community staff", 3), ("volunteer", 3), ("staff and volunteer together", 1), ("the resident themself", 1)]
    assert [(b.label, b.value) for b in figures.organisation] == [("南大志愿者", 3), ("校友会", 1)]


def test_per_organisation_and_per_building(edition, world):
    volunteers, alumni = str(world["volunteers"].pk), str(world["alumni"].pk)
    assert values(f.proposals_by_organisation(edition)) == {volunteers: 3, alumni: 1}
    assert values(f.visits_by_organisation(edition)) == {volunteers: 4, alumni: 1}
    assert [(p.key, p.value, p.name) for p in f.proposals_by_building(edition)] == [
        ("s1a/1栋", 3, "s1a · 1栋"), ("s1a/2栋", 2, "s1a · 2栋")]
    assert [(p.key, p.value) for p in f.visits_by_building(edition)] == [("s1a/1栋", 4), ("s1a/2栋", 4)]


def test_each_organisations_activity_in_each_stage(edition, world):
    activity = {p.name: {k: p.extra[k] for k in f.ACTIVITIES} for p in f.organisation_activity(edition)}
    assert activity == {
        "南大志愿者": {"visits": 4, "proposals": 3, "advisers": 2, "stations": 1, "shifts": 2, "counts": 0},
        "校友会": {"visits": 1, "proposals": 1, "advisers": 0, "stations": 1, "shifts": 1, "counts": 1},
    }


def test_turnout_by_unit_day_station_and_age_band(edition, tree, world):
    units = {p.key: (p.value, p.extra["voters"]) for p in f.turnout_by_unit(edition)}
    assert units["s1a"] == (0.5, 5) and units["s1b"] == (0.0, 0)
    assert units["s1"] == (0.1, 3)  # street ballots: p1, p4, p6 of its communities' 2,000 residents
    # local days (Asia/Shanghai): 23:30 is still the 28th, 00:30 is the 29th
    assert [(p.key, p.value, p.name) for p in f.turnout_by_day(edition)] == [
        ("1", 2, "2018-01-28"), ("2", 2, "2018-01-29"), ("3", 2, "2018-01-30")]
    assert values(f.turnout_by_station(edition)) == {"s1a/社区办公室": 4, "s1a/菜市场": 2}
    assert values(f.turnout_by_age(edition)) == {
        "0-14": 0, "15-24": 3, "25-34": 0, "35-44": 0, "45-54": 0, "55-64": 0, "65+": 2, "": 1}


def test_two_editions_line_up_by_key(edition, tree, world, people):
    other = Edition.objects.create(district=tree["d"], name="第二届", name_en="Second", slug="second")
    for n in range(2):
        _proposal(other, tree["s1a"], 500 + n, channel="door", collector_type="volunteer")
    context = analytics_context(edition, "second")
    assert context["other"] == other and context["series"] == ["Pilot", "Second"]
    channel = next(fig for _k, _l, figs in context["sections"] for fig in figs if fig.key == "channel")
    assert [row[1:] for row in channel.rows] == [["5", "2"], ["2", "0"], ["1", "0"]]
    assert analytics_context(edition, "no-such")["compare_unknown"] is True


def test_the_page_draws_accessible_charts_with_their_numbers(client, edition, world,
                                                             django_assert_max_num_queries):
    from django.conf import settings

    url = reverse("insights:analytics", args=[edition.slug])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with django_assert_max_num_queries(40):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360' in html and 'role="img"' in html
    assert '<title id="fig-channel-t">Proposals per channel</title>' in html
    assert '<desc id="fig-channel-d">Bar chart of 3 bars. Largest: door to door, 5.</desc>' in html
    assert "<th scope=\"row\">volunteer</th><td class=\"num\">75.0</td><td>3 / 4</td>" in html
    with django_assert_max_num_queries(6):  # the figures come from the cache keyed by the log head
        assert client.get(url).status_code == 200
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get(url).content.decode()
    assert "南大志愿者" in chinese and "NCU Volunteers" not in chinese
