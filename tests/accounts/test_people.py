"""Accounts and roles: who may grant what, removals that keep history and stop counting
everywhere, one-time set-password links; each act in the ledger."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import translation

from tests.factories import make_user
from xihu.apps.accounts import services
from xihu.apps.accounts.models import RoleAssignment, User
from xihu.apps.editions.access import decide
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.organisation.models import SocialOrganisation
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def _refused(call, **kwargs) -> Refused:
    before = (LedgerEntry.objects.count(), User.objects.count(), RoleAssignment.history.count())
    with pytest.raises(Refused) as caught, translation.override("en"):
        call(**kwargs)
    assert (LedgerEntry.objects.count(), User.objects.count(), RoleAssignment.history.count()) == before
    return caught.value


@pytest.fixture
def officer(tree):
    return make_user("street_officer", tree["s1"], "s1_officer")


def test_admin_creates_a_street_officer_with_no_usable_password(tree, admin):
    user = services.account_create(username="li", display_name="李干部", role="street_officer",
                                   unit=tree["s1"], actor=admin)
    assert not user.has_usable_password()
    [role] = user.roles.all()
    assert (role.role, role.unit, role.granted_by) == ("street_officer", tree["s1"], admin)
    create, grant = LedgerEntry.objects.order_by("-pk")[:2][::-1]
    assert (create.action, create.payload) == ("account.create", {"username": "li", "display_name": "李干部"})
    assert (grant.action, grant.payload) == ("role.grant", {
        "username": "li", "display_name": "李干部", "role": "street_officer", "unit": "s1",
        "organisation": None})


def test_street_officer_manages_its_communities_staff_only(tree, officer):
    services.account_create(username="counter1", display_name="点票员甲", role="counter",
                            unit=tree["s1a"], actor=officer)
    refusal = _refused(services.account_create, username="c2", display_name="乙", role="counter",
                       unit=tree["s2a"], actor=officer)
    assert refusal.fields == {"role": ["You act for s1, not for s2."]}
    refusal = _refused(services.account_create, username="c3", display_name="丙", role="street_officer",
                       unit=tree["s1"], actor=officer)
    assert refusal.fields == {"role": [
        "Only the district admin grants the role of street officer; a street officer grants community "
        "staff, volunteers, station officers, counters and scrutineers in its own communities."]}
    refusal = _refused(services.account_create, username="c4", display_name="丁", role="resident",
                       unit=tree["s1a"], actor=officer)
    assert "Only the district admin grants the role of resident" in refusal.reasons[0]
    staff = make_user("community_staff", tree["s1a"])
    refusal = _refused(services.account_create, username="c5", display_name="戊", role="counter",
                       unit=tree["s1a"], actor=staff)
    assert refusal.reasons == ["Your role does not allow this (it needs: district admin, street officer)."]


def test_create_refusals_name_each_field(tree, admin):
    make_user("counter", tree["s1a"], "taken")
    refusal = _refused(services.account_create, username="Taken", display_name="", role="counter",
                       unit=tree["s1"], actor=admin)
    assert refusal.fields == {
        "username": ["Username: Taken is already taken."],
        "display_name": ["Display name: this field is required (it is shown publicly, e.g. on the "
                         "list of counters)."],
        "role": ["A counter is held in a community, not in a street."],
    }
    refusal = _refused(services.account_create, username="bad name!", display_name="x", role="nobody",
                       unit=None, actor=admin)
    assert refusal.fields == {"username": ["Username: use letters, digits and @ . + - _ only."],
                              "unit": ["Unit: this field is required."]}


def test_grant_revoke_keep_history_and_every_reader_ignores_removed_roles(tree, admin, officer, edition):
    user = services.account_create(username="staff", display_name="社区工作人员", role="community_staff",
                                   unit=tree["s1a"], actor=officer)
    again = _refused(services.role_grant, user=user, role="community_staff", unit=tree["s1a"], actor=officer)
    assert again.reasons == ["社区工作人员 is already community staff of s1a."]
    [assignment] = user.roles.all()
    services.role_revoke(assignment=assignment, actor=officer)
    assert _refused(services.role_revoke, assignment=assignment, actor=officer).reasons == [
        "This role was already removed."]
    user = User.objects.get(pk=user.pk)
    assert not user.roles.exists() and not RoleAssignment.objects.filter(user=user).exists()
    history = RoleAssignment.history.get(user=user)
    assert history.revoked_by == officer and history.revoked_at is not None
    assert LedgerEntry.objects.filter(action="role.revoke").last().payload == {
        "username": "staff", "role": "community_staff", "unit": "s1a"}
    # the access table, the home page and the community pages stop counting the removed role
    from xihu.apps.editions.access import can_read_everything, staff_units
    from xihu.apps.web.selectors import actions_for, role_rows

    assert not decide(user, "screen", tree["s1a"], edition).allowed
    assert staff_units(user) == [] and role_rows(user) == [] and actions_for(user, edition) == []
    assert not can_read_everything(user)
    from xihu.apps.proposals.permissions import can_see_contacts, is_staff_of
    from xihu.apps.voting.permissions import setup_reasons

    assert not is_staff_of(user, tree["s1a"]) and not can_see_contacts(user, tree["s1a"])
    with translation.override("en"):
        assert "Only the community staff of s1a set up its stations." in setup_reasons(
            user, tree["s1a"], edition)
    # granted again: a new row, the old one stays as history
    services.role_grant(user=user, role="community_staff", unit=tree["s1a"], actor=officer)
    assert RoleAssignment.history.filter(user=user).count() == 2 and user.roles.count() == 1


def test_the_last_district_admin_cannot_be_removed(tree, admin):
    [own] = admin.roles.all()
    assert _refused(services.role_revoke, assignment=own, actor=admin).reasons == [
        "admin is the last district admin of District: grant the role to someone else first."]
    second = services.account_create(username="admin2", display_name="第二管理员", role="district_admin",
                                     unit=tree["d"], actor=admin)
    assert second.is_staff and second.groups.filter(name="read-only admin").exists()
    services.role_revoke(assignment=second.roles.get(), actor=admin)
    second.refresh_from_db()
    assert not second.is_staff and not second.groups.exists()


def test_organisation_membership_comes_with_the_role(tree, officer):
    org = SocialOrganisation.objects.create(name="志愿者协会", kind="university_volunteers", home_unit=tree["d"])
    user = services.account_create(username="vol", display_name="志愿者", role="volunteer", unit=tree["s1a"],
                                   organisation=org, actor=officer)
    assert list(user.organisations.all()) == [org]
    assert LedgerEntry.objects.filter(action="role.grant").last().payload["organisation"] == "志愿者协会"


def test_password_link_works_once_and_ends_earlier_links(client, tree, officer):
    user = services.account_create(username="cnt", display_name="点票员", role="counter", unit=tree["s1a"],
                                   actor=officer)
    first = services.password_link_issue(user=user, actor=officer)
    second = services.password_link_issue(user=user, actor=officer)
    assert LedgerEntry.objects.filter(action="account.password_link").count() == 2
    assert "token" not in str(LedgerEntry.objects.filter(action="account.password_link").last().payload)
    assert first != second
    # the earlier link is dead: issuing a new one changed the (unusable) password it was bound to
    response = client.get(first, follow=True)
    assert 'name="new_password1"' not in response.content.decode()
    response = client.get(second, follow=True)
    assert 'name="new_password1"' in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "Zheng-Ming-2019", "new_password2": "Zheng-Ming-2019"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Zheng-Ming-2019")
    again = client.get(second, follow=True)
    assert 'name="new_password1"' not in again.content.decode(), "a link works once"


def test_password_link_expires(tree, admin, settings):
    from datetime import datetime, timedelta

    user = services.account_create(username="late", display_name="迟到", role="counter", unit=tree["s1a"],
                                   actor=admin)
    services.password_link_issue(user=user, actor=admin)
    token = default_token_generator.make_token(user)
    later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    generator = type(default_token_generator)()
    generator._now = lambda: later
    assert default_token_generator.check_token(user, token) and not generator.check_token(user, token)


def test_who_may_issue_a_link(tree, admin, officer):
    admin2 = services.account_create(username="admin2", display_name="二", role="district_admin",
                                     unit=tree["d"], actor=admin)
    assert _refused(services.password_link_issue, user=admin2, actor=officer).reasons == [
        "二 holds roles you do not manage."]
    other = make_user("counter", tree["s2a"], "other_counter")
    assert _refused(services.password_link_issue, user=other, actor=officer).reasons == [
        "other_counter holds roles you do not manage."]
    services.password_link_issue(user=other, actor=admin)
    mine = services.account_create(username="mine", display_name="我的", role="counter", unit=tree["s1a"],
                                   actor=officer)
    services.role_revoke(assignment=mine.roles.get(), actor=officer)
    services.password_link_issue(user=mine, actor=officer)  # judged by the roles it held


def test_the_count_form_offers_live_counters_only(tree, admin):
    from xihu.apps.results.forms import OpenSessionForm

    counter = services.account_create(username="c1", display_name="点票员", role="counter", unit=tree["s1a"],
                                      actor=admin)
    scrutineer = services.account_create(username="s1", display_name="监票员", role="scrutineer",
                                         unit=tree["s1a"], actor=admin)
    form = OpenSessionForm(community=tree["s1a"])
    assert list(form.fields["counters"].queryset) == [counter]
    services.role_revoke(assignment=counter.roles.get(), actor=admin)
    form = OpenSessionForm(community=tree["s1a"])
    assert list(form.fields["counters"].queryset) == []
    assert list(form.fields["scrutineers"].queryset) == [scrutineer]
