"""Who is told what about a log entry: each function reads one entry and returns the changes
[(follow id, kind, values)] for the live follows of the proposals and projects it concerns.
A follower of a proposal hears of its project (and of the project it was merged into)."""

from xihu.apps.assemblies.models import AssemblyItem
from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.proposals.models import Project, ProjectPart, ProjectSource
from xihu.apps.residents.models import Follow
from xihu.apps.results.models import ImplementationUpdate

Change = tuple[int, str, dict]


def merged_into(project_ids) -> dict[int, int]:
    """project id -> the id among `project_ids` it was merged into, for these projects and every
    project merged into them, at any depth (a merge of merges)."""
    root = {pk: pk for pk in project_ids}
    frontier = list(root)
    while frontier:
        found = []
        for part, whole in ProjectPart.objects.filter(project_id__in=frontier).values_list("part_id", "project_id"):
            if part not in root:
                root[part] = root[whole]
                found.append(part)
        frontier = found
    return root


def project_followers(project_ids) -> list[tuple[int, int, str]]:
    """(follow id, project id, receipt code of the followed proposal or "") for the live
    follows of these projects (or of a project merged into one of them) and of the proposals
    they are made of."""
    ids = list(project_ids)
    root = merged_into(ids)
    out = [(pk, root[project_id], "") for pk, project_id in Follow.objects.filter(
        project_id__in=list(root), ended_at__isnull=True).values_list("pk", "project_id")]
    links = {proposal_id: (project_id, code) for proposal_id, project_id, code in
             ProjectSource.objects.filter(project_id__in=ids, released_at__isnull=True)
             .values_list("proposal_id", "project_id", "proposal__receipt_code")}
    for pk, proposal_id in Follow.objects.filter(
            proposal_id__in=list(links), ended_at__isnull=True).values_list("pk", "proposal_id"):
        project_id, code = links[proposal_id]
        out.append((pk, project_id, code))
    return out


def _unit(unit) -> dict:
    return {"unit": unit.name, "unit_en": unit.name_en or unit.name}


def _per_project(kind: str, values: dict[int, dict]) -> list[Change]:
    return [(pk, kind, {**values[project_id], "receipt": code})
            for pk, project_id, code in project_followers(values)]


def proposal_changes(entry) -> list[Change]:
    payload = entry.payload
    if entry.action == "proposal.exclude":
        kind = "excluded"
    else:
        kind = "exclusion_confirmed" if payload.get("decision") == "confirm" else "reinstated"
    values = {"receipt": payload.get("receipt", ""), "reason": payload.get("reason", ""),
              "explanation": payload.get("explanation", "")}
    follows = Follow.objects.filter(proposal_id=int(entry.object_id), ended_at__isnull=True)
    return [(pk, kind, values) for pk in follows.values_list("pk", flat=True)]


def merge_changes(entry) -> list[Change]:
    project = Project.objects.get(pk=int(entry.object_id))
    return _per_project("merged", {project.pk: {"project": project.pk, "title": project.title}})


def assembly_changes(entry) -> list[Change]:
    lines = AssemblyItem.objects.filter(assembly_id=int(entry.object_id)).select_related("project")
    return _per_project("screened", {line.project_id: {"title": line.project.title, "number": line.number}
                                     for line in lines})


def shortlist_changes(entry) -> list[Change]:
    ballot = Ballot.objects.select_related("unit").get(pk=int(entry.object_id))
    projects = Project.objects.filter(pk__in=entry.payload.get("projects") or [])
    return _per_project("shortlisted", {p.pk: {"title": p.title, **_unit(ballot.unit)} for p in projects})


def ballot_changes(entry) -> list[Change]:
    ballot = Ballot.objects.select_related("unit").get(pk=int(entry.object_id))
    items = BallotItem.objects.filter(ballot=ballot)
    return _per_project("on_ballot", {i.project_id: {"title": i.title, "number": i.number,
                                                     **_unit(ballot.unit)} for i in items})


def result_changes(entry) -> list[Change]:
    winners = set(entry.payload.get("confirmed_winners") or [])
    items = list(BallotItem.objects.filter(ballot_id=entry.payload.get("ballot")))
    changes = _per_project("won", {i.project_id: {"title": i.title} for i in items if i.number in winners})
    changes += _per_project("lost", {i.project_id: {"title": i.title} for i in items
                                     if i.number not in winners})
    return changes


def implementation_changes(entry) -> list[Change]:
    update = ImplementationUpdate.objects.select_related("item").get(pk=int(entry.object_id))
    return _per_project("milestone", {update.item.project_id: {
        "title": update.item.title, "status": update.status, "milestone": update.milestone}})
