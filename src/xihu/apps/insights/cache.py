"""Figures are computed once per state of the public log: every change that matters writes the
log, so an unchanged head means unchanged figures. Cached values are plain data (facts and
numbers), never text in one reader's language."""

from collections.abc import Callable

from django.core.cache import cache

from xihu.apps.editions.models import Edition
from xihu.apps.ledger.models import LedgerEntry

TIMEOUT = 6 * 3600


def log_head_tag() -> str:
    head = LedgerEntry.objects.order_by("-pk").values_list("pk", "recorded_at").first()
    return f"{head[0]}-{head[1]}" if head else "empty"


def cached(kind: str, edition: Edition, compute: Callable[[], object], *, extra: str = ""):
    key = f"xihu:insights:{kind}:{edition.pk}:{edition.slug}:{extra}:{log_head_tag()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
