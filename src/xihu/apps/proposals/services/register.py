"""Import the register of permanent residents: all rows or none, errors by row number."""

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.accounts.identity import identity_key, normalise_id_number
from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Household, RegisteredResident
from xihu.apps.proposals.permissions import require_register_keeper
from xihu.apps.proposals.tabular import Row, parse_date, read_sheet
from xihu.bulk import insert_rows
from xihu.errors import Refused
from xihu.spreadsheet import FORMULA_START

REGISTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "household": ("户号", "household number", "household_no"),
    "building": ("楼栋", "楼号", "building"),
    "entrance": ("单元", "unit", "entrance"),
    "door": ("门牌", "室", "门牌号", "door"),
    "name": ("姓名", "name", "member"),
    "birth_date": ("出生日期", "birth date", "birthday"),
    "id_number": ("身份证号", "身份证号码", "id number", "id_no"),
}
REQUIRED = ("household", "building", "name", "birth_date")
# the columns' longest values: the model's fields (a longer value would not fit in PostgreSQL)
FIELD_LENGTHS = {"household": 40, "building": 40, "entrance": 20, "door": 20, "name": 60,
                 "id_number": 24, "birth_date": 40}
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"


def id_number_is_valid(number: str) -> bool:
    """An 18-character resident identity number with a correct check character (GB 11643)."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


@dataclass
class RegisterImport:
    households: int = 0
    residents: int = 0
    errors: list[str] = field(default_factory=list)


def _check_row(row: Row, today: date) -> tuple[date | None, str, list[str]]:
    errors = []
    for key in REQUIRED:
        if not row.values.get(key):
            errors.append(_("Row %(row)s: %(column)s is empty.")
                          % {"row": row.number, "column": REGISTER_COLUMNS[key][0]})
    for key, limit in FIELD_LENGTHS.items():
        value = row.values.get(key, "")
        if len(value) > limit:
            errors.append(_("Row %(row)s: %(column)s is longer than %(n)d characters.")
                          % {"row": row.number, "column": REGISTER_COLUMNS[key][0], "n": limit})
    name = row.values.get("name", "")
    if name.startswith(FORMULA_START):
        errors.append(_("Row %(row)s: the name “%(value)s” starts with “%(char)s”, which a "
                        "spreadsheet would read as a formula.")
                      % {"row": row.number, "value": name[:40], "char": name[0]})
    born = parse_date(row, "birth_date")
    if row.values.get("birth_date") and born is None:
        errors.append(_("Row %(row)s: “%(value)s” is not a date (write 1980-05-17).")
                      % {"row": row.number, "value": row.values["birth_date"]})
    elif born and not date(1890, 1, 1) <= born <= today:
        errors.append(_("Row %(row)s: the birth date %(value)s is not possible.")
                      % {"row": row.number, "value": born.isoformat()})
    raw_id = row.values.get("id_number", "")
    id_number = normalise_id_number(raw_id) if raw_id else ""
    if id_number and not id_number_is_valid(id_number):
        errors.append(_("Row %(row)s: the identity number is not a valid 18-character number.")
                      % {"row": row.number})
    return born, id_number, errors


def parse_register(rows: list[Row], community: Unit, today: date):
    """Households and members from rows, with every error found (nothing is written here)."""
    errors: list[str] = []
    households: dict[str, dict] = {}
    members: list[tuple[str, str, date, str]] = []
    existing = set(Household.objects.filter(community=community).values_list("household_no", flat=True))
    for row in rows:
        born, id_number, row_errors = _check_row(row, today)
        errors.extend(row_errors)
        number = row.values.get("household", "")
        if not number:
            continue
        address = (row.values.get("building", ""), row.values.get("entrance", ""),
                   row.values.get("door", ""))
        if number in existing:
            errors.append(_("Row %(row)s: household %(no)s is already in the register.")
                          % {"row": row.number, "no": number})
        first = households.setdefault(number, {"address": address, "row": row.number})
        if first["address"] != address:
            errors.append(_("Row %(row)s: household %(no)s has a different address than in row %(first)s.")
                          % {"row": row.number, "no": number, "first": first["row"]})
        if born and not row_errors:
            members.append((number, row.values["name"], born, id_number))
    return households, members, errors


@transaction.atomic
def register_import(*, community: Unit, edition: Edition | None, data: bytes, filename: str,
                    actor) -> RegisterImport:
    """Import households and their members; refuses the whole file if any row is wrong."""
    require_register_keeper(actor, community, edition)
    rows = read_sheet(data, filename, REGISTER_COLUMNS, REQUIRED)
    households, members, errors = parse_register(rows, community, timezone.localdate())
    if errors:
        raise Refused(errors)
    if not members:
        raise Refused(_("The file has no residents."))
    created = Household.objects.bulk_create([
        Household(community=community, household_no=no, building=h["address"][0],
                  entrance=h["address"][1], door=h["address"][2])
        for no, h in households.items()
    ])
    by_no = {h.household_no: h.pk for h in created}
    insert_rows(RegisteredResident, ("household_id", "name", "birth_date", "id_key"), (
        (by_no[no], name, born, identity_key(id_number) if id_number else "")
        for no, name, born, id_number in members))
    digest = hashlib.sha256(json.dumps(
        [[no, *h["address"]] for no, h in households.items()], ensure_ascii=False).encode()).hexdigest()
    ledger_append(actor=actor, action="register.import", obj=community, payload={
        "community": community.code, "households": len(created), "residents": len(members),
        "households_digest": digest,
    })
    return RegisterImport(households=len(created), residents=len(members))
