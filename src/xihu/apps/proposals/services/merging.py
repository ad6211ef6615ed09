"""Merging projects in the three modes of PROCESS.md 3.3, and undoing a merge.

A merge combines two or more live projects of one unit into a new project whose sources are
all of theirs; the old ones are dissolved and recorded as its parts (`ProjectPart`). Undo
dissolves the merged project and restores the grouping that existed before it: each part comes
back as a live copy with its own proposals (a part that was itself a merge keeps its parts, so
it can be undone in turn). No proposal is ever lost or counted twice."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.proposals.models import MergeMode, Project, ProjectPart, ProjectSource, Proposal
from xihu.apps.proposals.permissions import require_screening
from xihu.apps.proposals.services.projects import projects_dissolve, singles_create
from xihu.errors import Refused

MERGE_MODES = (MergeMode.SEPARATE_LOCATIONS, MergeMode.ONE_LOCATION, MergeMode.CASE_BY_CASE)


def _locations(proposals: list[Proposal]) -> str:
    seen: list[str] = []
    for p in proposals:
        if p.location_text and p.location_text not in seen:
            seen.append(p.location_text)
    return "；".join(seen)[:200]


@dataclass(frozen=True)
class MergeSpec:
    """One merge: the projects (pks) and how the merged project reads."""

    project_ids: tuple[int, ...]
    mode: str
    title: str = ""
    description: str = ""
    location_text: str = ""
    category: str = ""


@transaction.atomic
def projects_merge(*, projects: list[Project], mode: str, actor, title: str = "",
                   description: str = "", location_text: str = "", category: str = "") -> Project:
    """Merge live projects of one unit. Mode (a) keeps every source location listed; (b) and
    (c) take one location (given, or the first project's)."""
    spec = MergeSpec(tuple(sorted({p.pk for p in projects})), mode, title, description,
                     location_text, category)
    return _merge(spec, actor, checked_units=set())


@transaction.atomic
def projects_merge_many(*, merges: list[MergeSpec], actor) -> list[Project]:
    """Several merges at once (e.g. accepting the suggested duplicates): each is checked and
    recorded in the ledger as if made alone; the permission is checked once per unit."""
    checked: set[int] = set()
    return [_merge(spec, actor, checked_units=checked) for spec in merges]


def _merge(spec: MergeSpec, actor, *, checked_units: set[int]) -> Project:
    ids = sorted(set(spec.project_ids))
    locked = list(Project.objects.select_for_update().filter(pk__in=ids).select_related("unit"))
    if len(locked) < 2:
        raise Refused(_("Choose at least two projects to merge."))
    first = locked[0]
    if first.unit_id not in checked_units:
        edition = Edition.objects.select_related("district").get(pk=first.edition_id)
        require_screening(actor, first.unit, edition)
        checked_units.add(first.unit_id)
    errors = []
    if spec.mode not in MERGE_MODES:
        errors.append(_("Choose a merge mode: (a), (b) or (c)."))
    if any(not p.is_live for p in locked):
        errors.append(_("A project chosen was already merged or dissolved; reload the list."))
    if any(p.unit_id != first.unit_id or p.edition_id != first.edition_id or p.level != first.level
           for p in locked):
        errors.append(_("Only projects of the same unit and level can be merged."))
    if errors:
        raise Refused(errors)
    sources = list(Proposal.objects.filter(
        links__project_id__in=ids, links__released_at__isnull=True).order_by("pk")
        .only("pk", "location_text", "receipt_code"))
    lead = first
    if spec.mode == MergeMode.SEPARATE_LOCATIONS:
        location = _locations(sources)
    else:
        location = spec.location_text.strip() or lead.location_text
    merged = Project.objects.create(
        edition_id=first.edition_id, unit=first.unit, level=first.level, mode=spec.mode,
        title=(spec.title.strip() or lead.title)[:120],
        description=spec.description.strip() or lead.description,
        category=spec.category or lead.category, location_text=location[:200], created_by=actor)
    projects_dissolve(ids)
    ProjectSource.objects.bulk_create([ProjectSource(project=merged, proposal=p) for p in sources])
    ProjectPart.objects.bulk_create([ProjectPart(project=merged, part_id=pk) for pk in ids])
    ledger_append(actor=actor, action="project.merge", obj=merged, payload={
        "unit": first.unit.code, "mode": spec.mode, "title": merged.title, "merged_projects": ids,
        "sources": [p.receipt_code for p in sources],
    })
    return merged


def _restore(parts: list[Project], sources: list[Proposal], actor) -> list[Project]:
    """A live copy of each part with those of `sources` it held; any source no part held (a merge
    recorded before parts were) stands alone."""
    held: dict[int, set[int]] = {}
    for project_id, proposal_id in ProjectSource.objects.filter(
            project__in=parts).values_list("project_id", "proposal_id"):
        held.setdefault(project_id, set()).add(proposal_id)
    left = {p.pk: p for p in sources}
    restored = []
    for part in parts:
        mine = [left.pop(pk) for pk in sorted(held.get(part.pk, ())) if pk in left]
        if not mine:  # every proposal of the part was excluded since
            continue
        copy = Project.objects.create(
            edition_id=part.edition_id, unit_id=part.unit_id, level=part.level, mode=part.mode,
            title=part.title, description=part.description, category=part.category,
            location_text=part.location_text, created_by=actor)
        ProjectSource.objects.bulk_create([ProjectSource(project=copy, proposal=p) for p in mine])
        ProjectPart.objects.bulk_create([ProjectPart(project=copy, part_id=pk) for pk in
                                         ProjectPart.objects.filter(project=part).values_list("part_id", flat=True)])
        restored.append(copy)
    return restored + (singles_create(left.values(), actor) if left else [])


@transaction.atomic
def project_undo(*, project: Project, actor) -> list[Project]:
    """Undo a merge: the project is dissolved and the projects it was made of are live again,
    each with its proposals (less any excluded since)."""
    project = Project.objects.select_for_update().select_related("unit").get(pk=project.pk)
    edition = Edition.objects.select_related("district").get(pk=project.edition_id)
    require_screening(actor, project.unit, edition)
    if not project.is_live:
        raise Refused(_("This project is no longer live."))
    if project.mode == MergeMode.SINGLE:
        raise Refused(_("This project is a single proposal: there is no merge to undo."))
    sources = list(Proposal.objects.filter(
        links__project=project, links__released_at__isnull=True).select_related("community__parent"))
    parts = list(Project.objects.filter(pk__in=ProjectPart.objects.filter(project=project)
                                        .values("part_id")).order_by("pk"))
    projects_dissolve([project.pk])
    restored = _restore(parts, sources, actor)
    ledger_append(actor=actor, action="project.undo", obj=project, payload={
        "unit": project.unit.code, "sources": [p.receipt_code for p in sources],
        "new_projects": [p.pk for p in restored],
        "restores": {str(copy.pk): [s.proposal.receipt_code for s in copy.sources.select_related("proposal")]
                     for copy in restored},
    })
    return restored
