"""The language switch: Django's set_language, as a POST that needs no CSRF token.

Every page's header carries the switch (web/_language_form.html). With a token in it, every
page held a per-reader value and set a cookie, so no page could be kept whole for anonymous
readers (web/pagecache.py). What a forged request could do here is switch a reader's language,
which a link could do as well; the target (`next`) must be on this site
(url_has_allowed_host_and_scheme, in Django's view), else the referring page or "/". It stays a
POST, not a link, so that no prefetching browser or crawler switches a language by following
it, and it works without JavaScript (docs/decisions.md)."""

from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

set_language = never_cache(csrf_exempt(require_POST(django_set_language)))
