"""Links from a verdict, a figure or a dashboard item to its evidence: the pages where the record
is shown, and the public-log entries that recorded it (by object type and id, or by action and
actor). Page names are looked up leniently: a page that does not exist (yet) gives no link."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    kind: str = "page"  # page or log


def page(name: str, edition_slug: str, **kwargs) -> str | None:
    """The URL of a stage page, with or without the edition in its path (pages are moving under
    /editions/<slug>/): the first form that resolves."""
    for attempt in ({**kwargs, "edition": edition_slug}, {**kwargs, "slug": edition_slug}, kwargs):
        try:
            return reverse(name, kwargs=attempt)
        except NoReverseMatch:
            continue
    return None


def page_link(label: str, name: str, edition_slug: str, **kwargs) -> Link | None:
    url = page(name, edition_slug, **kwargs)
    return Link(str(label), url) if url else None


def log_url(edition_slug: str, **filters) -> str:
    """The log entries matching the filters: type and id of an object, action, actor,
    community (the community code in the entry's payload)."""
    query = urlencode({k: v for k, v in filters.items() if v not in (None, "")})
    return reverse("insights:log", kwargs={"edition": edition_slug}) + (f"?{query}" if query else "")


def log_link(label: str, edition_slug: str, **filters) -> Link:
    return Link(str(label), log_url(edition_slug, **filters), "log")


def object_log(label: str, edition_slug: str, obj_type: str, obj_id, action: str = "") -> Link:
    return log_link(label, edition_slug, type=obj_type, id=str(obj_id), action=action)


def links(*candidates: Link | None) -> list[Link]:
    return [c for c in candidates if c is not None]
