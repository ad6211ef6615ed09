"""Rate limits counted in the database: correct across workers and machines on SQLite and
PostgreSQL alike, with no cache service to run. A fixed window per key; the increment is one
atomic UPDATE ... SET count = count + 1 (a row is created on the window's first hit, and a
concurrent creation is caught by the unique constraint and retried as an update).

Keys are keyed hashes (HMAC) of what they count, so the table holds no address or phone number.

`rate_limited(scope, rate, *, value=...)` is a view decorator; a request over any of its limits
gets a 429 page that says so in the reader's language, and the view is not called."""

import hashlib
import hmac
import time
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import render
from django.utils.translation import gettext as _

from xihu.apps.accounts.addresses import client_address
from xihu.apps.web.models import RateCounter

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """"10/h" -> (10, 3600)."""
    count, _sep, period = rate.partition("/")
    return int(count), PERIODS[period.strip().lower()[:1]]


def _key(scope: str, value: str) -> str:
    secret = (settings.XIHU_IDENTITY_KEY or settings.SECRET_KEY).encode()
    digest = hmac.new(secret, f"{scope}:{value}".encode(), hashlib.sha256).hexdigest()[:40]
    return f"{scope[:50]}:{digest}"


def hit(scope: str, value: str, rate: str) -> bool:
    """Count one request for `value` under `scope`; True when it is within the limit."""
    limit, period = parse_rate(rate)
    now = time.time()
    window = int(now // period) * period
    key = _key(scope, value)
    expires = datetime.fromtimestamp(window + period, tz=UTC)
    with transaction.atomic():
        updated = RateCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, window=window, count=1, expires_at=expires)
            except IntegrityError:
                RateCounter.objects.filter(key=key, window=window).update(count=F("count") + 1)
        count = RateCounter.objects.filter(key=key, window=window).values_list("count", flat=True)[0]
    if count == 1:  # a new window: forget the old ones (at most once per key and window)
        RateCounter.objects.filter(expires_at__lt=datetime.now(UTC) - timedelta(seconds=1)).delete()
    return count <= limit


def phone_digits(text: str) -> str:
    """A phone number as its digits (full-width digits too), or "" when it is not one."""
    digits = "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if ch.isdigit())
    return digits if len(digits) >= 7 else ""


def anonymous_proposal_limits(view):
    """Anonymous online proposals: per client address and per phone number (settings
    XIHU_PROPOSAL_RATE_ADDRESS / _PHONE). Logged-in residents are not limited here."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and not request.user.is_authenticated:
            ok = True
            address = client_address(request)
            if address:
                ok = hit("proposal-address", address, settings.XIHU_PROPOSAL_RATE_ADDRESS) and ok
            phone = phone_digits(request.POST.get("proposer_contact", ""))
            if phone:
                ok = hit("proposal-phone", phone, settings.XIHU_PROPOSAL_RATE_PHONE) and ok
            if not ok:
                return render(request, "web/rate_limited.html", {
                    "problem": _("Too many proposals from this device or for this phone number in "
                                 "a short time. Please try again later, or hand your proposal to "
                                 "your community's staff or a volunteer."),
                }, status=429)
        return view(request, *args, **kwargs)

    return wrapped
