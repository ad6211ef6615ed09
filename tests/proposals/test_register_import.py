"""The register import: CSV and XLSX, all or nothing, errors named by row, identity numbers
kept only as keyed hashes."""

import io

import pytest
from openpyxl import Workbook

from xihu.apps.accounts.identity import identity_key
from xihu.apps.proposals.models import Household, RegisteredResident
from xihu.apps.proposals.services import register_import
from xihu.apps.proposals.services.register import id_number_is_valid
from xihu.errors import Refused

VALID_ID = "11010519491231002X"
HEADER = "户号,楼栋,单元,门牌,姓名,出生日期,身份证号\n"


def csv_bytes(body: str, encoding="utf-8") -> bytes:
    return (HEADER + body).encode(encoding)


def test_valid_csv_imports_households_and_hashes_ids(tree, people, edition):
    data = csv_bytes(f"H1,3栋,1,101,王芳,1980-05-17,{VALID_ID}\nH1,3栋,1,101,王磊,2005/3/2,\n"
                     "H2,3栋,2,201,李娜,19700102,\n")
    result = register_import(community=tree["s1a"], edition=edition, data=data, filename="r.csv",
                             actor=people["staff_s1a"])
    assert (result.households, result.residents) == (2, 3)
    wang = RegisteredResident.objects.get(name="王芳")
    assert wang.id_key == identity_key(VALID_ID) and VALID_ID not in wang.id_key
    assert RegisteredResident.objects.get(name="王磊").id_key == ""
    assert Household.objects.get(household_no="H1").building == "3栋"


def test_gb18030_csv_is_read(tree, people, edition):
    data = csv_bytes("H9,5栋,1,101,赵敏,1990-01-01,\n", "gb18030")
    register_import(community=tree["s1a"], edition=edition, data=data, filename="r.csv",
                    actor=people["staff_s1a"])
    assert RegisteredResident.objects.get().name == "赵敏"


def test_bad_rows_are_all_reported_and_nothing_is_imported(tree, people, edition):
    data = csv_bytes("H1,3栋,1,101,王芳,1980-05-17,\n"
                     "H2,3栋,1,102,,1981-01-01,\n"          # row 3: no name
                     "H3,3栋,1,103,张伟,not a date,\n"       # row 4: bad date
                     "H4,3栋,1,104,刘洋,1990-01-01,123456\n"  # row 5: bad id
                     "H1,4栋,1,101,王强,1982-01-01,\n"       # row 6: household address differs
                     "H5,3栋,1,105,陈静,2190-01-01,\n")      # row 7: future birth date
    with pytest.raises(Refused) as refused:
        register_import(community=tree["s1a"], edition=edition, data=data, filename="r.csv",
                        actor=people["staff_s1a"])
    text = " | ".join(refused.value.reasons)
    for row in (3, 4, 5, 6, 7):
        assert f"第{row}行" in text or f"Row {row}" in text, text
    assert not text.startswith("第2行") and "Row 2:" not in text
    assert Household.objects.count() == 0 and RegisteredResident.objects.count() == 0


def test_missing_columns_refused(tree, people, edition):
    with pytest.raises(Refused) as refused:
        register_import(community=tree["s1a"], edition=edition, data="户号,姓名\nH1,王芳\n".encode(),
                        filename="r.csv", actor=people["staff_s1a"])
    assert "楼栋" in refused.value.reasons[0]


def test_xlsx_with_date_cells(tree, people, edition):
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["household number", "building", "unit", "door", "name", "birth date", "id number"])
    sheet.append(["H7", "8栋", 2, 301, "周杰", datetime(1979, 1, 18), VALID_ID])
    sheet.append(["H8", "8栋", 2, 302, "吴敏", "1985-06-01", None])
    out = io.BytesIO()
    book.save(out)
    result = register_import(community=tree["s1a"], edition=edition, data=out.getvalue(),
                             filename="register.xlsx", actor=people["staff_s1a"])
    assert result.residents == 2
    household = Household.objects.get(household_no="H7")
    assert (household.entrance, household.door) == ("2", "301")


def test_reimport_of_existing_household_refused(tree, people, edition):
    data = csv_bytes("H1,3栋,1,101,王芳,1980-05-17,\n")
    register_import(community=tree["s1a"], edition=edition, data=data, filename="r.csv",
                    actor=people["staff_s1a"])
    with pytest.raises(Refused):
        register_import(community=tree["s1a"], edition=edition, data=data, filename="r.csv",
                        actor=people["staff_s1a"])
    assert RegisteredResident.objects.count() == 1


@pytest.mark.parametrize("who", ["staff_s1b", "volunteer_s1a", "officer_s1", "resident_s1a"])
def test_only_own_staff_import(tree, people, edition, who):
    with pytest.raises(Refused):
        register_import(community=tree["s1a"], edition=edition, data=csv_bytes("H1,3栋,1,101,王芳,1980-05-17,\n"),
                        filename="r.csv", actor=people[who])


def test_id_checksum():
    assert id_number_is_valid(VALID_ID)
    assert not id_number_is_valid("110105194912310021")
