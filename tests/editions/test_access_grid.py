"""Permissions as a grid: every role x every stage x own / other unit, for every action.

The expectations below are written out independently of access.ACTIONS, so a change to the
rules that is not also a change to this table fails here.
"""

import pytest

from tests.factories import make_user
from xihu.apps.accounts.models import Role
from xihu.apps.editions.access import ACTIONS, Scope, decide
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit

ALL_STAGES = set(Stage.values)
# action: (roles allowed, stages allowed, level of the unit acted on)
EXPECTED = {
    "collect": ({"community_staff", "volunteer"}, {"collection"}, "community"),
    "propose": ({"resident"}, {"collection"}, "community"),
    "screen": ({"community_staff"}, {"screening"}, "community"),
    "review_exclusions": ({"street_officer"}, {"screening", "assembly"}, "street"),
    "hold_assembly": ({"community_staff"}, {"assembly"}, "community"),
    "set_quotas": ({"street_officer"}, {"quota"}, "street"),
    "set_up_stations": ({"community_staff"}, {"quota", "voting"}, "community"),
    "run_station": ({"station_officer", "community_staff"}, {"voting"}, "community"),
    "seal_boxes": ({"station_officer", "community_staff"}, {"voting"}, "community"),
    "count": ({"counter", "community_staff"}, {"counting"}, "community"),
    "scrutinise": ({"scrutineer"}, {"counting"}, "community"),
    "confirm": ({"street_officer"}, {"confirmation"}, "street"),
    "grant_street": ({"district_admin"}, ALL_STAGES, "street"),
    "grant_community": ({"street_officer"}, ALL_STAGES, "community"),
    "advance_stage": ({"district_admin"}, ALL_STAGES, "district"),
    "manage_edition": ({"district_admin"}, ALL_STAGES, "district"),
    "manage_units": ({"district_admin"}, ALL_STAGES, "district"),
    "manage_people_district": ({"district_admin"}, ALL_STAGES, "district"),
    "manage_people_street": ({"street_officer"}, ALL_STAGES, "street"),
    "set_target": ({"street_officer"},
                   {"setup", "collection", "screening", "assembly", "quota", "voting"}, "street"),
    "register_witness": ({"district_admin"}, ALL_STAGES, "district"),
    "verify_residents": ({"community_staff"}, ALL_STAGES, "community"),
}
# Set-up acts that come before any edition exists (decided with edition=None).
WITHOUT_EDITION = {"manage_edition", "manage_units", "manage_people_district", "manage_people_street",
                   "verify_residents"}


def test_table_covers_every_action():
    assert set(EXPECTED) == set(ACTIONS)


def _targets(tree, action, other_district):
    """(unit the user acts for, own target, other target)."""
    level = EXPECTED[action][2]
    if action == "grant_street":
        return tree["d"], tree["s1"], Unit.objects.get(code="s9")
    if action == "grant_community":
        return tree["s1"], tree["s1a"], tree["s2a"]
    if level == "district":
        return tree["d"], tree["d"], other_district
    if level == "street":
        return tree["s1"], tree["s1"], tree["s2"]
    return tree["s1a"], tree["s1a"], tree["s2b"]


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_grid(action, tree, edition):
    other_district = Unit.objects.create(code="d9", kind="district", name="别区")
    Unit.objects.create(code="s9", kind="street", name="别街", parent=other_district)
    roles, stages, _level = EXPECTED[action]
    acting_unit, own, other = _targets(tree, action, other_district)
    wrong = []
    for role in Role.values:
        user = make_user(role, acting_unit)
        for stage in Stage.values:
            edition.stage = stage
            for target, is_own in ((own, True), (other, False)):
                expected = role in roles and stage in stages and is_own
                decision = decide(user, action, target, edition)
                if decision.allowed != expected:
                    wrong.append((role, stage, target.code, expected, decision.reasons))
                if not decision.allowed:
                    assert decision.reasons, "a refusal always says why"
    assert not wrong, wrong


def test_expert_reads_everything_and_changes_nothing(tree, edition):
    expert = make_user("expert", tree["d"])
    for stage in Stage.values:
        edition.stage = stage
        for action in ACTIONS:
            for unit in tree.values():
                assert not decide(expert, action, unit, edition).allowed


def test_anonymous_is_asked_to_log_in(tree, edition):
    from django.contrib.auth.models import AnonymousUser

    decision = decide(AnonymousUser(), "collect", tree["s1a"], edition)
    assert not decision.allowed and decision.reasons


def test_django_rules_permission_matches(tree, edition):
    staff = make_user("community_staff", tree["s1a"])
    edition.stage = Stage.COLLECTION
    edition.save()
    assert staff.has_perm("xihu.collect", Scope(unit=tree["s1a"], edition=edition))
    assert not staff.has_perm("xihu.collect", Scope(unit=tree["s1b"], edition=edition))
    assert not staff.has_perm("xihu.screen", Scope(unit=tree["s1a"], edition=edition))


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_grid_before_any_edition(action, tree):
    """Units, people and the first edition are set up before any edition exists; every other
    action needs one."""
    other_district = Unit.objects.create(code="d9", kind="district", name="别区")
    Unit.objects.create(code="s9", kind="street", name="别街", parent=other_district)
    roles, _stages, _level = EXPECTED[action]
    acting_unit, own, other = _targets(tree, action, other_district)
    for role in Role.values:
        user = make_user(role, acting_unit)
        for target, is_own in ((own, True), (other, False)):
            expected = action in WITHOUT_EDITION and role in roles and is_own
            assert decide(user, action, target, None).allowed == expected, (role, target.code)


def test_a_retired_unit_is_acted_on_by_nobody(tree, edition):
    from django.utils import timezone

    admin = make_user("district_admin", tree["d"])
    officer = make_user("street_officer", tree["s1"])
    tree["s1a"].retired_at = timezone.now()
    decision = decide(officer, "grant_community", tree["s1a"], edition)
    assert not decision.allowed and any("s1a" in r for r in decision.reasons)
    assert decide(admin, "manage_units", tree["d"], None).allowed


def test_django_rules_permission_names_its_edition(tree, admin, edition):
    """A bare unit is refused, and each edition is judged by its own stage, not the newest's."""
    from xihu.apps.editions.services import edition_create

    staff = make_user("community_staff", tree["s1a"])
    edition.stage = Stage.COLLECTION
    edition.save()
    assert not staff.has_perm("xihu.collect", tree["s1a"])
    newer = edition_create(district=tree["d"], name="下一届", name_en="Next", slug="next", actor=admin)
    assert newer.stage == Stage.SETUP
    assert staff.has_perm("xihu.collect", Scope(unit=tree["s1a"], edition=edition))
    assert not staff.has_perm("xihu.collect", Scope(unit=tree["s1a"], edition=newer))
