"""One-time codes: issued (rate-limited per phone and per address, sent through the gateway,
logged without the code) and checked (once; wrong guesses are counted by django-axes through
the authentication backend in xihu.apps.residents.backends)."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from xihu.apps.residents import gateway
from xihu.apps.residents.models import PhoneCode
from xihu.apps.residents.phones import normalise_phone, phone_key
from xihu.apps.web.ratelimit import hit
from xihu.errors import Refused


def _code_hash(key: str, code: str) -> str:
    secret = (settings.XIHU_IDENTITY_KEY or settings.SECRET_KEY).encode()
    return hmac.new(secret, f"{key}:{code}".encode(), hashlib.sha256).hexdigest()


def code_text(code: str, minutes: int) -> str:
    return _("Your Xihu participatory budgeting code is %(code)s, valid for %(minutes)s minutes. "
             "Do not tell it to anyone.") % {"code": code, "minutes": minutes}


def code_send(*, phone: str, address: str | None, language: str = "zh-hans") -> None:
    """Issue a code for `phone` and send it. Refused when the number is not a mobile number or
    when this number or this address asked too often (settings XIHU_CODE_RATE_PHONE and
    XIHU_CODE_RATE_ADDRESS)."""
    number = normalise_phone(phone)
    if not number:
        raise Refused(_("Enter a mainland mobile number (11 digits)."))
    ok = hit("code-phone", number, settings.XIHU_CODE_RATE_PHONE)
    if address:
        ok = hit("code-address", address, settings.XIHU_CODE_RATE_ADDRESS) and ok
    if not ok:
        raise Refused(_("Too many codes were asked for this phone number or from this device. "
                        "Please wait and try again later."))
    code = f"{secrets.randbelow(10**6):06d}"
    key = phone_key(number)
    now = timezone.now()
    seconds = settings.XIHU_CODE_TTL_SECONDS
    with transaction.atomic():
        # codes expired a day ago are of no use to anyone: forget them as new ones are made
        PhoneCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()
        PhoneCode.objects.create(phone_key=key, code_hash=_code_hash(key, code), created_at=now,
                                 expires_at=now + timedelta(seconds=seconds))
    with override(language):
        text = code_text(code, max(seconds // 60, 1))
    gateway.send(gateway.Message(to=number, template="code", language=language, text=text,
                                 params={"code": code, "minutes": max(seconds // 60, 1)}))


def code_check(*, phone: str, code: str) -> bool:
    """True, once, for the newest unexpired code of this number; the code is then used up."""
    number = normalise_phone(phone)
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if not number or len(code) != 6:
        return False
    key = phone_key(number)
    now = timezone.now()
    with transaction.atomic():
        latest = (PhoneCode.objects.select_for_update()
                  .filter(phone_key=key, used_at__isnull=True, expires_at__gt=now)
                  .order_by("-created_at", "-pk").first())
        if latest is None or not hmac.compare_digest(latest.code_hash, _code_hash(key, code)):
            return False
        PhoneCode.objects.filter(pk=latest.pk).update(used_at=now)
        # older codes of the number die with it
        PhoneCode.objects.filter(phone_key=key, used_at__isnull=True).update(used_at=now)
    return True
