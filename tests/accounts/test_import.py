"""Importing accounts and roles from CSV and XLSX: all or nothing, every row's errors in the
reader's language, re-uploads change nothing."""

import io

import pytest
from django.utils import translation
from openpyxl import Workbook

from tests.factories import make_user
from xihu.apps.accounts.importing import people_import
from xihu.apps.accounts.models import RoleAssignment, User
from xihu.apps.ledger.models import LedgerEntry
from xihu.errors import Refused

pytestmark = pytest.mark.django_db

GOOD = ("用户名,显示名,角色,单位\n"
        "cnt_a,甲点票员,点票员,s1a\n"
        "scr_a,乙监票员,scrutineer,s1a\n"
        "cnt_a,甲点票员,counter,s1b\n")


@pytest.fixture
def officer(tree):
    return make_user("street_officer", tree["s1"], "s1_officer")


def test_good_csv_creates_accounts_grants_roles_and_issues_links(officer):
    rows = people_import(data=GOOD.encode(), filename="staff.csv", actor=officer)
    assert [r.outcome for r in rows] == ["create", "create", "grant"]
    assert all(r.link.startswith("/manage/password/") for r in rows[:2]) and rows[2].link == ""
    user = User.objects.get(username="cnt_a")
    assert sorted(user.roles.values_list("unit__code", flat=True)) == ["s1a", "s1b"]
    assert not user.has_usable_password()
    summary = LedgerEntry.objects.get(action="people.import")
    assert summary.payload == {"file": "staff.csv", "rows": 3, "accounts_created": 2,
                               "roles_granted": 3, "in_place": 0}
    assert LedgerEntry.objects.filter(action="role.grant").count() == 3
    again = people_import(data=GOOD.encode(), filename="staff.csv", actor=officer)
    assert [r.outcome for r in again] == ["in place"] * 3
    assert RoleAssignment.objects.filter(user__username__in=["cnt_a", "scr_a"]).count() == 3


def test_one_bad_row_imports_nothing_and_every_error_names_its_row(officer, tree):
    make_user("district_admin", tree["d"], "boss")
    sheet = GOOD + ("x,丙,站长,s1a\n"          # unknown role
                    "y,丁,counter,nowhere\n"   # unknown unit
                    "z,戊,counter,s2a\n"       # another street
                    "boss,老板,counter,s1a\n"  # an account the officer does not manage
                    ",己,counter,s1a\n"        # no username
                    "cnt_a,甲点票员,counter,s1b\n")  # the same role twice
    before = (User.objects.count(), LedgerEntry.objects.count())
    with pytest.raises(Refused) as caught, translation.override("en"):
        people_import(data=sheet.encode("gb18030"), filename="staff.csv", actor=officer)
    assert caught.value.reasons == [
        "Row 5: unknown role 站长.",
        "Row 6: no unit has the code nowhere.",
        "Row 7: You act for s1, not for s2.",
        "Row 8: boss holds roles you do not manage.",
        "Row 9: the username is missing.",
        "Row 10: the same role is on row 4.",
    ]
    assert (User.objects.count(), LedgerEntry.objects.count()) == before
    with pytest.raises(Refused) as chinese, translation.override("zh-hans"):
        people_import(data=sheet.encode(), filename="staff.csv", actor=officer)
    assert chinese.value.reasons[0].startswith("第5行")


def test_xlsx_with_english_headers(officer):
    book = Workbook()
    sheet = book.active
    sheet.append(["username", "display_name", "role", "unit"])
    sheet.append(["vol_a", "志愿者", "volunteer", "s1a"])
    data = io.BytesIO()
    book.save(data)
    rows = people_import(data=data.getvalue(), filename="staff.xlsx", actor=officer)
    assert rows[0].outcome == "create" and User.objects.get(username="vol_a").roles.get().role == "volunteer"


def test_file_level_refusals(officer):
    for data, name, message in [
        (b"", "a.csv", "The file is empty."),
        ("用户名,显示名\n".encode(), "a.csv", "Row 1: the header lacks the columns"),
        ("用户名,显示名,角色,单位\n".encode(), "a.csv", "The file has no rows below its header."),
        (b"not a workbook", "a.xlsx", "The file is not a readable XLSX workbook"),
    ]:
        with pytest.raises(Refused) as caught, translation.override("en"):
            people_import(data=data, filename=name, actor=officer)
        assert caught.value.reasons[0].startswith(message)
