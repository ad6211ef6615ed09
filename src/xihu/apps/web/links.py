"""Where each action is done: apps register a URL name in their AppConfig.ready() with the
arguments it takes: stage pages take `edition` (the edition's slug) and `unit` (the unit's
code); the foundation's edition pages take the edition's `slug`; the back office's unit pages
take `unit` only, so they work before any edition exists. Role home pages link allowed actions
there."""

from django.urls import NoReverseMatch, reverse

ACTION_PAGES: dict[str, tuple[str, tuple[str, ...]]] = {}


def register(action: str, url_name: str, *, takes: tuple[str, ...] = ("edition", "unit")) -> None:
    ACTION_PAGES[action] = (url_name, takes)


def page_for(action: str, edition_slug: str | None, unit_code: str) -> str | None:
    if action not in ACTION_PAGES:
        return None
    url_name, takes = ACTION_PAGES[action]
    values = {"edition": edition_slug, "slug": edition_slug, "unit": unit_code}
    kwargs = {name: values[name] for name in takes}
    if None in kwargs.values():
        return None
    try:
        return reverse(url_name, kwargs=kwargs)
    except NoReverseMatch:
        return None
