"""Login throttling: too many recent failures for a username or an address block further tries."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from xihu.apps.accounts.models import LoginFailure


def _window_start():
    return timezone.now() - timedelta(seconds=settings.XIHU_LOGIN_WINDOW_SECONDS)


def is_locked_out(username: str, address: str | None) -> bool:
    recent = LoginFailure.objects.filter(at__gte=_window_start())
    by_name = recent.filter(username=username.lower()).count()
    by_address = recent.filter(address=address).count() if address else 0
    limit = settings.XIHU_LOGIN_MAX_FAILURES
    return by_name >= limit or by_address >= limit * 4


def record_failure(username: str, address: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), address=address)


def clear_failures(username: str) -> None:
    LoginFailure.objects.filter(Q(username=username.lower())).delete()
