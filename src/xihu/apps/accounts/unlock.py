"""Locked login names and addresses, and the district admin's unlock (page and `xihu unlock`).

A district admin unlocks a name whose account they manage (or a name that is nobody's account)
and any address. Each unlock writes its ledger entry; an address is written only as a keyed
hash (addresses are personal data and the ledger is public)."""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.accounts.addresses import parse_address
from xihu.apps.accounts.lockout import cool_off, login_name
from xihu.apps.accounts.models import Role, User
from xihu.apps.accounts.scope import account_reasons
from xihu.apps.ledger.services import ledger_append
from xihu.errors import Refused


@dataclass(frozen=True)
class Locked:
    kind: str  # "name" or "address"
    value: str
    failures: int
    last: datetime
    account: User | None = None


def address_digest(address: str) -> str:
    secret = (settings.XIHU_IDENTITY_KEY or settings.SECRET_KEY).encode()
    return hmac.new(secret, f"address:{address}".encode(), hashlib.sha256).hexdigest()[:16]


def _is_district_admin(actor) -> bool:
    return bool(actor is not None and actor.is_authenticated and (
        actor.is_superuser or actor.roles.filter(role=Role.DISTRICT_ADMIN).exists()))


def _recent():
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off())


def locked_now() -> list[Locked]:
    """Names and addresses at or over their limits within the window, most recent first."""
    found = []
    for kind, column, limit in (("name", "username", settings.XIHU_LOGIN_MAX_FAILURES),
                                ("address", "ip_address",
                                 settings.XIHU_LOGIN_MAX_FAILURES_PER_ADDRESS)):
        rows = (_recent().exclude(**{f"{column}__isnull": True}).values(column)
                .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
                .filter(n__gte=limit))
        for row in rows:
            account = User.objects.filter(username=row[column]).first() if kind == "name" else None
            found.append(Locked(kind, row[column], row["n"], row["last"], account))
    return sorted(found, key=lambda lock: lock.last, reverse=True)


def lockouts_for(actor) -> list[Locked]:
    """What `actor` may unlock (nothing unless a district admin)."""
    if not _is_district_admin(actor):
        return []
    return [lock for lock in locked_now()
            if lock.kind == "address" or lock.account is None
            or not account_reasons(actor, lock.account)]


@transaction.atomic
def lockout_clear(*, actor, username: str = "", address: str = "") -> int:
    """Clear the failures of a name or of an address; returns how many records went."""
    if not _is_district_admin(actor):
        raise Refused(_("Only the district admin unlocks logins."))
    if bool(username) == bool(address):
        raise Refused(_("Give either a login name or an address to unlock."))
    if username:
        name = login_name(username)
        account = User.objects.filter(username=name).first()
        if account is not None:
            reasons = account_reasons(actor, account)
            if reasons:
                raise Refused(reasons)
        count, _rows = AccessAttempt.objects.filter(username=name).delete()
        ledger_append(actor=actor, action="account.unlock", obj=account,
                      object_type="" if account else "accounts.loginname",
                      object_id="" if account else name,
                      payload={"username": name, "records": count})
        return count
    ip = parse_address(address)
    if ip is None:
        raise Refused(_("“%(value)s” is not an IP address.") % {"value": address[:60]})
    count, _rows = AccessAttempt.objects.filter(ip_address=ip).delete()
    digest = address_digest(ip)
    ledger_append(actor=actor, action="address.unlock", object_type="accounts.address",
                  object_id=digest, payload={"address_digest": digest, "records": count})
    return count
