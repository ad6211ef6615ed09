"""Large-text mode for elderly residents: a cookie that the server reads, so that the very first
paint of every page is already large (no script, no flash of small text). The toggle is a small
form in every page's header (base.html); this view sets or clears the cookie and goes back. Like
the language switch (web/language.py) it needs no CSRF token, so that a page carries nothing of
its reader and can be kept whole (web/pagecache.py): a forged request could only change a
reader's text size."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

COOKIE = "xihu_text"
LARGE = "large"
ONE_YEAR = 365 * 24 * 3600


def is_large(request) -> bool:
    return request.COOKIES.get(COOKIE) == LARGE


def text_size_context(request) -> dict:
    """Template context: large_text, for <html class="large-text"> and the toggle's state."""
    return {"large_text": is_large(request)}


@never_cache
@csrf_exempt
@require_POST
def text_size(request):
    """size=large turns the large text on, anything else off; back to `next` on this site."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("size") == LARGE:
        response.set_cookie(COOKIE, LARGE, max_age=ONE_YEAR, samesite="Lax",
                            secure=request.is_secure(), httponly=True)
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response
