"""Verification against the register: right, wrong, already used; in person by staff; rate
limit; the identity number never stored."""

import pytest

from tests.factories import make_user
from tests.residents.helpers import PEOPLE, make_register, signed_up
from xihu.apps.accounts.models import RoleAssignment
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.residents import services
from xihu.apps.residents.models import ResidentAccount
from xihu.errors import Refused


@pytest.fixture
def register(tree):
    return make_register(tree["s1a"])


def _all_text_of_the_account(account) -> str:
    row = ResidentAccount.objects.filter(pk=account.pk).values().get()
    entries = LedgerEntry.objects.filter(action__startswith="resident.").values_list("payload", flat=True)
    return str(row) + str(list(entries))


@pytest.mark.django_db
def test_right_name_and_number_verify_with_band_and_community_from_the_register(tree, register):
    account = signed_up("13900000001")
    name, number, _born = PEOPLE[1]
    done = services.verify_online(account=account, name=name, id_number=number.lower()[:-1] + number[-1],
                                  community=tree["s1a"])
    assert done.verified and done.community == tree["s1a"] and done.register_entry == register[1]
    assert done.age_band == "65+" and done.verified_how == "online"
    assert RoleAssignment.objects.filter(user=account.user, role="resident", unit=tree["s1a"]).exists()
    assert number not in _all_text_of_the_account(account)
    assert LedgerEntry.objects.get(action="resident.verify").payload["community"] == "s1a"


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["name", "number", "community"])
def test_a_wrong_name_number_or_community_is_refused_and_changes_nothing(tree, register, change):
    account = signed_up("13900000002")
    name, number, _born = PEOPLE[0]
    other_number = PEOPLE[2][1]
    with pytest.raises(Refused) as refused:
        services.verify_online(account=account, name="王芳芳" if change == "name" else name,
                               id_number=other_number if change == "number" else number,
                               community=tree["s1b"] if change == "community" else tree["s1a"])
    assert "花名册" in str(refused.value)
    account.refresh_from_db()
    assert not account.verified and account.register_entry is None
    assert not RoleAssignment.objects.filter(user=account.user).exists()


@pytest.mark.django_db
def test_an_invalid_number_is_refused_before_any_lookup(tree, register):
    account = signed_up("13900000003")
    with pytest.raises(Refused, match="身份证号无效"):
        services.verify_online(account=account, name="王芳", id_number="330106199001010021",
                               community=tree["s1a"])


@pytest.mark.django_db
def test_an_entry_already_used_by_another_account_is_refused(tree, register):
    name, number, _born = PEOPLE[0]
    services.verify_online(account=signed_up("13900000004"), name=name, id_number=number,
                           community=tree["s1a"])
    second = signed_up("13900000005")
    with pytest.raises(Refused, match="已有核验过的账号"):
        services.verify_online(account=second, name=name, id_number=number, community=tree["s1a"])
    second.refresh_from_db()
    assert not second.verified


@pytest.mark.django_db
def test_verification_attempts_are_rate_limited_per_account(tree, register, settings):
    settings.XIHU_VERIFY_RATE = "2/h"
    account = signed_up("13900000006")
    name, number, _born = PEOPLE[0]
    for _ in range(2):
        with pytest.raises(Refused, match="花名册"):
            services.verify_online(account=account, name="某某", id_number=number, community=tree["s1a"])
    with pytest.raises(Refused, match="尝试次数太多"):
        services.verify_online(account=account, name=name, id_number=number, community=tree["s1a"])


@pytest.mark.django_db
def test_staff_verify_in_person_only_in_their_own_community(tree, register, client):
    staff = make_user("community_staff", tree["s1a"], "staff_a")
    other = make_user("community_staff", tree["s1b"], "staff_b")
    account = signed_up("13900000007")
    with pytest.raises(Refused):
        services.verify_in_person(account=account, entry=register[2], actor=other)
    client.force_login(staff)
    page = client.get("/residents/staff/s1a/verify/", {"phone": "13900000007", "name": "陈"})
    assert page.status_code == 200 and "陈静" in page.content.decode()
    done = client.post("/residents/staff/s1a/verify/",
                       {"phone": "139 0000 0007", "name": "陈", "entry": register[2].pk})
    assert done.status_code == 302
    account.refresh_from_db()
    assert account.verified_how == "in_person" and account.verified_by == staff
    assert account.age_band == "25-34" or account.age_band == "15-24"
    client.force_login(other)
    assert client.get("/residents/staff/s1a/verify/").status_code == 403


@pytest.mark.django_db
def test_the_verify_page_verifies_and_shows_the_status(tree, register, client):
    account = signed_up("13900000008")
    client.force_login(account.user)
    name, number, _born = PEOPLE[0]
    wrong = client.post("/residents/verify/", {"name": name, "id_number": PEOPLE[1][1],
                                               "community": tree["s1a"].pk}, follow=True)
    assert "花名册中没有" in wrong.content.decode()
    right = client.post("/residents/verify/", {"name": name, "id_number": number,
                                               "community": tree["s1a"].pk}, follow=True)
    assert 'id="verified"' in right.content.decode()
