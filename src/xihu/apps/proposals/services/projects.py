"""Shared by the services: every non-excluded proposal is the source of one live project.

A new (or reinstated, or freed) proposal gets a single-proposal project at once, so the summary
table is always complete: merging only ever combines live projects."""

from collections.abc import Iterable

from django.utils import timezone

from xihu.apps.proposals.models import Level, MergeMode, Project, ProjectSource, Proposal


def project_unit(proposal: Proposal):
    return proposal.community.parent if proposal.level == Level.STREET else proposal.community


def _single(proposal: Proposal, actor) -> Project:
    return Project(
        edition_id=proposal.edition_id, unit=project_unit(proposal), level=proposal.level,
        title=proposal.title, description=proposal.content, category=proposal.category,
        location_text=proposal.location_text, mode=MergeMode.SINGLE, created_by=actor,
    )


def singles_create(proposals: Iterable[Proposal], actor) -> list[Project]:
    """One live project per proposal, in bulk (two inserts whatever the count)."""
    proposals = list(proposals)
    projects = Project.objects.bulk_create([_single(p, actor) for p in proposals])
    ProjectSource.objects.bulk_create(
        [ProjectSource(project=proj, proposal=prop) for proj, prop in zip(projects, proposals, strict=True)]
    )
    return projects


def projects_dissolve(project_ids: list[int]) -> None:
    now = timezone.now()
    Project.objects.filter(pk__in=project_ids, dissolved_at__isnull=True).update(dissolved_at=now)
    ProjectSource.objects.filter(project_id__in=project_ids, released_at__isnull=True).update(
        released_at=now)
