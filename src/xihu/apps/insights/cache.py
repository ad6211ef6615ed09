"""Figures are computed once per state of the public log: every change that matters writes the
log, so an unchanged head means unchanged figures. While the log moves fast (voting week: an
entry per registration batch), figures at most XIHU_INSIGHTS_MAX_STALE_SECONDS old (default 60)
are served instead of recomputing on every request. Cached values are plain data (facts and
numbers), never text in one reader's language."""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from xihu.apps.editions.models import Edition
from xihu.apps.ledger.models import LedgerEntry

TIMEOUT = 6 * 3600


def log_head_tag() -> str:
    head = LedgerEntry.objects.order_by("-pk").values_list("pk", "recorded_at").first()
    return f"{head[0]}-{head[1]}" if head else "empty"


def max_stale_seconds() -> float:
    return float(getattr(settings, "XIHU_INSIGHTS_MAX_STALE_SECONDS", 60))


def cached(kind: str, edition: Edition, compute: Callable[[], object]):
    key = f"xihu:insights:{kind}:{edition.pk}:{edition.slug}"
    head = log_head_tag()
    entry = cache.get(key)
    if entry is not None:
        tag, computed_at, value = entry
        if tag == head or time.time() - computed_at < max_stale_seconds():
            return value
    value = compute()
    cache.set(key, (head, time.time(), value), TIMEOUT)
    return value
