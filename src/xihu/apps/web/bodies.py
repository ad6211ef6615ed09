"""Public page bodies rendered once per state of the public log.

The figures on the public pages (results, turnout, seals, bursts) change only when the log
moves: every write that matters writes a log entry. So the body of such a page (everything that
is the same for every reader in one language) is rendered once per log head and language, kept
in the cache (xihu.apps.insights.cache: with its bound on staleness while the log moves fast in
voting week) and served from there; the frame around it (menu, login, language form) is
rendered per request for a logged-in reader, and for an anonymous one kept with the body as the
whole page (web/pagecache.py), no longer than the body it holds. A body never holds anything of
one reader: the template is rendered without the request.
"""

import time
from collections.abc import Callable

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from xihu.apps.editions.models import Edition
from xihu.apps.insights.cache import TIMEOUT, log_head_tag, max_stale_seconds
from xihu.apps.web.pagecache import note_part


def page_body(name: str, edition: Edition, template: str, context: Callable[[], dict],
              clock_seconds: int | None = None) -> SafeString:
    """The rendered `template` for this edition, page `name` and the active language; `context`
    is called only when the body is rendered afresh. A body that also depends on the clock (a
    stage running late) gives `clock_seconds`: it is rendered again at least that often."""
    key = f"xihu:body:{name}:{get_language()}:{edition.pk}:{edition.slug}:{edition.stage}"
    head, now = log_head_tag(), time.time()
    kept = cache.get(key)
    if kept is not None:
        tag, rendered_at, body = kept
        current = tag == head or now - rendered_at < max_stale_seconds()
        if current and not (clock_seconds and now - rendered_at >= clock_seconds):
            note_part(rendered_at, tag == head, clock_seconds)  # the whole page kept no longer
            return body
    body = render_to_string(template, context())
    cache.set(key, (head, now, body), TIMEOUT)
    note_part(now, True, clock_seconds)
    return body
