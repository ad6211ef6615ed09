"""Where each action is done: stage apps register a URL name in their AppConfig.ready(), taking
`edition` (the edition's slug) and `unit` (the unit's code); the foundation's own actions
(grants, stages) are done on edition pages that take the edition's `slug` only. Role home pages
link allowed actions there."""

from django.urls import NoReverseMatch, reverse

ACTION_PAGES: dict[str, tuple[str, bool]] = {}


def register(action: str, url_name: str, *, per_unit: bool = True) -> None:
    ACTION_PAGES[action] = (url_name, per_unit)


def page_for(action: str, edition_slug: str, unit_code: str) -> str | None:
    if action not in ACTION_PAGES:
        return None
    url_name, per_unit = ACTION_PAGES[action]
    kwargs = {"edition": edition_slug, "unit": unit_code} if per_unit else {"slug": edition_slug}
    try:
        return reverse(url_name, kwargs=kwargs)
    except NoReverseMatch:
        return None
