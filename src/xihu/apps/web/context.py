"""Template context for every page: the main menu, computed only when a template shows it.

The menu's HTML depends only on the edition shown (its names, slug and stage), the page's menu
entry and the language, so each web worker renders it once per such combination and keeps it
(it was half of a public page's Python work)."""

from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from xihu.apps.editions.selectors import current_edition
from xihu.apps.web.selectors.menu import active_key, main_menu

_RENDERED: dict[tuple, SafeString] = {}
_MOST = 512  # combinations kept per worker before starting afresh


def _menu_html(edition, active: str) -> SafeString:
    key = ((edition.pk, edition.slug, edition.name, edition.name_en, edition.stage) if edition else None,
           active, get_language())
    html = _RENDERED.get(key)
    if html is None:
        if len(_RENDERED) >= _MOST:
            _RENDERED.clear()
        html = _RENDERED[key] = render_to_string("web/_main_menu.html", {"main_menu": main_menu(edition, active)})
    return html


def main_menu_context(request) -> dict:
    def edition():
        return getattr(request, "edition", None) or current_edition()

    def active() -> str:
        return active_key(getattr(request, "resolver_match", None))

    return {"main_menu": SimpleLazyObject(lambda: main_menu(edition(), active())),
            "main_menu_html": SimpleLazyObject(lambda: _menu_html(edition(), active()))}
