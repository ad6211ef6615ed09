"""Whole public pages for anonymous readers, kept per state of the public log (issue 16.1).

On results day every resident opens the same few pages. Their bodies are already kept per log
head (web/bodies.py), but the frame around a body (menu, login link, language and large-text
switches) and the middleware behind it cost ten times the framework's bare view. So an
anonymous GET of a public page (PUBLIC_PAGES, with no query parameter but those it reads) is
answered from the whole response kept for its address (host, scheme, path and query), language
and large-text mode (in the cache "pages" of the settings, apart from the bodies), for as long
as the log's state (tag()) has not moved: a hit runs one SQL query (none within the staleness
bound of insights/cache.py) and skips the rest of the middleware and the view.

What makes this safe: an anonymous page carries nothing of its reader. The language and
large-text switches need no CSRF token (csrf-exempt POSTs: web/language.py, web/text_size.py);
a request with a session cookie (perhaps logged in) is never answered from here and its page
never kept; nor is a response that sets a cookie (a CSRF token, a message, a session), that is
not a 200, that says private or no-store, or that varies on anything but the cookie. Kept
responses say `Vary: Cookie` and `Cache-Control: public, max-age=0` (any cache must ask again);
pages shown to a logged-in reader say `private`. A page whose body was served stale (the bound
of insights/cache.py) or depends on the clock is kept no longer than that body would be."""

import contextvars
import hashlib
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db.models import Subquery
from django.http import HttpResponse
from django.urls import Resolver404, get_resolver
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers

from xihu.apps.insights.cache import TIMEOUT, max_stale_seconds
from xihu.apps.ledger.models import LedgerEntry, LedgerLeaf, TreeHead, WitnessCosignature
from xihu.apps.web.text_size import COOKIE as TEXT_COOKIE
from xihu.apps.web.text_size import LARGE


@dataclass(frozen=True)
class Page:
    """A page kept whole: `query`, the parameters it reads (an address with any other is rendered
    and not kept, so that made-up addresses cannot fill the cache); `clock`, the seconds after
    which a page that also depends on the clock is rendered again."""

    query: frozenset[str] = frozenset()
    clock: int | None = None


# The pages kept whole (URL names), each showing only what the public log's state decides. The
# results' evaluation grows late with the clock while a stage is open (on insights:evaluation
# its body says so itself, web/bodies.py).
PUBLIC_PAGES: dict[str, Page] = {
    "web:edition": Page(), "web:ledger": Page(query=frozenset({"hash"})), "results:overview": Page(),
    "results:unit": Page(), "results:evaluation": Page(clock=60), "voting:public": Page(),
    "insights:evaluation": Page(), "proposals:receipt": Page(query=frozenset({"code"})),
}
# Kept pages live in their own cache when the settings name one (base.py does): many addresses
# can then push out only pages, never the bodies and figures that are costly to compute.
CACHE = "pages"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' cookie storage


@dataclass
class Parts:
    """What the page being rendered was made of: since when it is known current (the request's
    start, or the render time of the oldest body served within the staleness bound), whether
    every part was current with the log, and when a part that depends on the clock must be
    rendered again."""

    oldest: float = field(default_factory=time.time)
    current: bool = True
    until: float = math.inf


_PARTS: contextvars.ContextVar[Parts | None] = contextvars.ContextVar("xihu_page_parts", default=None)


def note_part(rendered_at: float, current: bool, clock_seconds: int | None = None) -> None:
    """Called by web/bodies.py for every body put into the page being rendered."""
    parts = _PARTS.get()
    if parts is None:
        return
    if not current:  # served within the staleness bound: current when it was rendered
        parts.oldest = min(parts.oldest, rendered_at)
        parts.current = False
    if clock_seconds:
        parts.until = min(parts.until, rendered_at + clock_seconds)


def tag() -> str:
    """The public log's state in one query: the latest entry (with its time, as bodies.py's
    log_head_tag), leaf, signed head and witness cosignature (the ledger page shows all four; the
    sequencer adds leaves and heads without a new entry)."""
    def last(rows, column: str) -> Subquery:
        return Subquery(rows.order_by(f"-{column}").values(column)[:1])

    row = (LedgerEntry.objects.order_by("-pk")
           .annotate(last_leaf=last(LedgerLeaf.objects, "index"), last_head=last(TreeHead.objects, "size"),
                     cosigned=last(WitnessCosignature.objects, "pk"))
           .values_list("pk", "recorded_at", "last_leaf", "last_head", "cosigned").first())
    return "|".join(str(v) for v in row) if row else "empty"


@dataclass
class Kept:
    tag: str
    checked: float  # the content was current with the log at this time
    current: bool  # rendered from current parts: it stays current while the tag does
    until: float  # a part depends on the clock: not after this time
    status: int
    headers: list[tuple[str, str]]
    content: bytes

    def fresh(self, now: float) -> bool:
        """Good without asking the database (within the staleness bound)."""
        return now < self.until and now - self.checked < max_stale_seconds()

    def response(self) -> HttpResponse:
        response = HttpResponse(self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        return response


def _language(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def _key(request) -> str:
    large = request.COOKIES.get(TEXT_COOKIE) == LARGE
    address = f"{'https' if request.is_secure() else 'http'}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{address}\n{_language(request)}\n{large}".encode()).hexdigest()
    return f"xihu:page:{digest}"


def _varies_only_on_cookie(response) -> bool:
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    return vary <= {"cookie"}


def _keepable(request, response) -> bool:
    control = response.get("Cache-Control", "").lower()
    user = getattr(request, "user", None)
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and "private" not in control and "no-store" not in control and "no-cache" not in control
            and _varies_only_on_cookie(response) and not (user is not None and user.is_authenticated))


class PublicPageCache:
    """Placed right after SecurityMiddleware: a hit skips sessions, CSRF, authentication and the
    rest; the kept response carries the headers they added (CSP, X-Frame-Options, language)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def _public(self, request) -> Page | None:
        try:
            match = get_resolver().resolve(request.path_info)
        except Resolver404:
            return None
        page = PUBLIC_PAGES.get(match.view_name)
        return page if page is not None and set(request.GET) <= page.query else None

    def __call__(self, request):
        page = self._public(request)
        if page is None:
            return self.get_response(request)
        if (request.method != "GET" or self.session_cookie in request.COOKIES
                or MESSAGES_COOKIE in request.COOKIES):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True)
                patch_vary_headers(response, ("Cookie",))
            return response
        cache = caches[CACHE if CACHE in settings.CACHES else "default"]
        key, now = _key(request), time.time()
        kept: Kept | None = cache.get(key)
        if kept is not None and kept.fresh(now):
            return kept.response()
        state = tag()
        if kept is not None and kept.current and kept.tag == state and now < kept.until:
            kept.checked = now
            cache.set(key, kept, TIMEOUT)
            return kept.response()
        token = _PARTS.set(Parts(oldest=now, until=now + page.clock if page.clock else math.inf))
        try:
            response = self.get_response(request)
            parts = _PARTS.get()
        finally:
            _PARTS.reset(token)
        if _keepable(request, response):
            patch_vary_headers(response, ("Cookie",))
            patch_cache_control(response, public=True, max_age=0)
            cache.set(key, Kept(tag=state, checked=parts.oldest, current=parts.current, until=parts.until,
                                status=response.status_code, headers=list(response.items()),
                                content=response.content), TIMEOUT)
        return response
