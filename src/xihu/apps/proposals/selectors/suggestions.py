"""Duplicate suggestions for a unit's live projects (see similarity/)."""

from xihu.apps.proposals.models import Project
from xihu.apps.proposals.similarity import Item, Pair, likely_duplicates


def _point(project: Project) -> tuple[float, float] | None:
    points = [(float(s.proposal.latitude), float(s.proposal.longitude))
              for s in getattr(project, "live_sources", [])
              if s.proposal.latitude is not None and s.proposal.longitude is not None]
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def duplicate_suggestions(projects: list[Project], limit: int | None = 30) -> list[Pair]:
    """Pairs of live projects (with `live_sources` prefetched) that ask the same thing, same-place
    pairs first. Title and description only: the category's label would make the suggestions
    depend on the reader's language and pair every project of a category."""
    items = [Item(p.pk, f"{p.title} {p.description}", p.location_text, _point(p)) for p in projects]
    return likely_duplicates(items, limit=limit)
