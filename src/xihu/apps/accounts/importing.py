"""Import accounts and roles from a CSV or XLSX sheet (one row: username, display name, role,
unit code, optional organisation). All or nothing: every row is checked first; if any row has an
error, nothing is written and every row's errors are reported, so the officer fixes the sheet
and uploads it again (a re-upload of a sheet that went in changes nothing: rows already in place
are reported as such)."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.accounts.scope import account_reasons, grant_reasons
from xihu.apps.accounts.services import account_create, password_link_issue, role_grant
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.apps.proposals.tabular import read_sheet
from xihu.errors import Refused

ALIASES = {
    "username": ("用户名", "账号", "login"),
    "display_name": ("显示名", "姓名", "display name", "name"),
    "role": ("角色",),
    "unit": ("单位", "单位代码", "unit code"),
    "organisation": ("社会组织", "organization", "on behalf of"),
}
REQUIRED = ("username", "display_name", "role", "unit")
MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024


@dataclass
class ImportRow:
    number: int
    username: str
    display_name: str
    role: str
    unit: Unit | None
    organisation: SocialOrganisation | None
    errors: list[str] = field(default_factory=list)
    outcome: str = ""  # "create", "grant" or "in place"
    link: str = ""


def parse_role(text: str) -> str | None:
    wanted = text.strip().lower()
    for value, label in Role.choices:
        with override("zh-hans"):
            zh = str(label)
        with override("en"):
            en = str(label)
        if wanted in (value, zh.lower(), en.lower()):
            return value
    return None


def _check_row(row: ImportRow, *, actor, raw_role: str, raw_unit: str, raw_org: str,
               seen: dict[str, str]) -> None:
    add = row.errors.append
    if not row.username:
        add(_("the username is missing"))
    if not row.display_name:
        add(_("the display name is missing"))
    elif len(row.display_name) > 80:
        add(_("the display name is longer than 80 characters"))
    if row.username and row.username.lower() in seen and seen[row.username.lower()] != row.display_name:
        add(_("%(name)s appears above with another display name") % {"name": row.username})
    if not row.role:
        add(_("unknown role %(role)s") % {"role": raw_role or "-"})
    if row.unit is None:
        add(_("no unit has the code %(code)s") % {"code": raw_unit or "-"})
    elif row.unit.retired_at:
        add(_("%(unit)s is retired") % {"unit": row.unit})
    if raw_org and row.organisation is None:
        add(_("no social organisation is called %(name)s") % {"name": raw_org})
    if row.errors:
        return
    if len(row.username) > 150:
        add(_("the username is longer than 150 characters"))
        return
    try:
        User.username_validator(row.username)
    except ValidationError:
        add(_("the username may use letters, digits and @ . + - _ only"))
        return
    row.errors.extend(grant_reasons(actor, row.role, row.unit))
    user = User.objects.filter(username__iexact=row.username).first()
    if user is None:
        row.outcome = "create" if row.username.lower() not in seen else "grant"
    elif RoleAssignment.objects.filter(user=user, role=row.role, unit=row.unit).exists():
        row.outcome = "in place"
    else:
        row.errors.extend(account_reasons(actor, user))
        row.outcome = "grant"


def check_sheet(*, data: bytes, filename: str, actor) -> list[ImportRow]:
    """Every row with its errors (in the reader's language), nothing written."""
    if len(data) > MAX_BYTES:
        raise Refused(_("The file is larger than 2 MB."))
    sheet = read_sheet(data, filename, ALIASES, REQUIRED)
    if not sheet:
        raise Refused(_("The file has no rows below its header."))
    if len(sheet) > MAX_ROWS:
        raise Refused(_("At most %(n)d rows per file.") % {"n": MAX_ROWS})
    codes = {r.values.get("unit", "") for r in sheet}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes).select_related("parent")}
    names = {r.values.get("organisation", "") for r in sheet} - {""}
    organisations = {o.name: o for o in SocialOrganisation.objects.filter(name__in=names)}
    organisations |= {o.name_en: o for o in SocialOrganisation.objects.filter(name_en__in=names)}
    rows, seen, granted = [], {}, {}
    for line in sheet:
        v = line.values
        raw_role, raw_unit, raw_org = v.get("role", ""), v.get("unit", ""), v.get("organisation", "")
        row = ImportRow(line.number, v.get("username", ""), v.get("display_name", ""),
                        parse_role(raw_role) or "", units.get(raw_unit), organisations.get(raw_org))
        _check_row(row, actor=actor, raw_role=raw_role, raw_unit=raw_unit, raw_org=raw_org, seen=seen)
        key = (row.username.lower(), row.role, raw_unit)
        if row.username and key in granted:
            row.errors.append(_("the same role is on row %(n)d") % {"n": granted[key]})
        granted.setdefault(key, row.number)
        if row.username:
            seen.setdefault(row.username.lower(), row.display_name)
        rows.append(row)
    return rows


def row_messages(rows: list[ImportRow]) -> list[str]:
    return [_("Row %(n)d: %(errors)s.") % {"n": r.number,
                                            "errors": "; ".join(str(e).rstrip(".。") for e in r.errors)}
            for r in rows if r.errors]


@transaction.atomic
def people_import(*, data: bytes, filename: str, actor) -> list[ImportRow]:
    """Creates the accounts and grants the roles of a checked sheet, and issues a set-password
    link for each new account (row.link). Refuses with every row's errors if any row has one."""
    rows = check_sheet(data=data, filename=filename, actor=actor)
    errors = row_messages(rows)
    if errors:
        raise Refused(errors)
    created: dict[str, User] = {}
    for row in rows:
        if row.outcome == "in place":
            continue
        user = created.get(row.username.lower()) or User.objects.filter(
            username__iexact=row.username).first()
        if user is None:
            user = account_create(username=row.username, display_name=row.display_name,
                                  role=row.role, unit=row.unit, organisation=row.organisation,
                                  actor=actor)
            created[row.username.lower()] = user
        else:
            role_grant(user=user, role=row.role, unit=row.unit, organisation=row.organisation,
                       actor=actor)
    for row in rows:
        user = created.get(row.username.lower())
        if user is not None and row.outcome == "create":
            row.link = password_link_issue(user=user, actor=actor)
    ledger_append(actor=actor, action="people.import", payload={
        "file": filename[:200], "rows": len(rows), "accounts_created": len(created),
        "roles_granted": sum(1 for r in rows if r.outcome in ("create", "grant")),
        "in_place": sum(1 for r in rows if r.outcome == "in place"),
    })
    return rows
