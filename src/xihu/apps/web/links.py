"""Where each action is done: stage apps register a URL name (taking `edition`, the edition's
slug, and `unit`, the unit's code) in their AppConfig.ready(), and role home pages link there."""

from django.urls import NoReverseMatch, reverse

ACTION_PAGES: dict[str, str] = {}


def register(action: str, url_name: str) -> None:
    ACTION_PAGES[action] = url_name


def page_for(action: str, edition_slug: str, unit_code: str) -> str | None:
    url_name = ACTION_PAGES.get(action)
    if url_name is None:
        return None
    try:
        return reverse(url_name, kwargs={"edition": edition_slug, "unit": unit_code})
    except NoReverseMatch:
        return None
