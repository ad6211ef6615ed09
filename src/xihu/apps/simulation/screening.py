"""Integration and preliminary screening (PROCESS.md 3.3): the community excludes what one of the
seven reasons excludes (with its explanation), merges the proposals that ask for the same
project (mode a, b or c by their locations), plans and reports its summary table; the street
reviews every exclusion (reinstating `screening.reinstate_share` of them), merges the street-
level proposals of its communities and reports its own table. Then the edition moves on to the
assemblies."""

from __future__ import annotations

from xihu.apps.editions.services import edition_advance
from xihu.apps.editions.stages import Stage
from xihu.apps.proposals import services
from xihu.apps.proposals.models import MergeMode, ProjectSource, Proposal
from xihu.apps.simulation.collection import Plan
from xihu.apps.simulation.world import Sim


def _projects_of(proposal_pks: list[int]) -> dict[int, int]:
    return dict(ProjectSource.objects.filter(proposal_id__in=proposal_pks, released_at__isnull=True)
                .values_list("proposal_id", "project_id"))


def _mode(rng, locations: list[str]) -> str:
    if len(set(locations)) > 1:
        return MergeMode.SEPARATE_LOCATIONS if rng.random() < 0.7 else MergeMode.CASE_BY_CASE
    return MergeMode.ONE_LOCATION


def _screen(sim: Sim, plan: Plan) -> list:
    rng, staff = sim.rng("screening", plan.unit), sim.person("staff", plan.unit)
    exclusions = services.proposals_exclude_batch(
        exclusions=[(Proposal(pk=pk), reason, why) for pk, reason, why in plan.to_exclude], actor=staff)
    pks = [pk for pks in plan.members.values() for pk in pks]
    project_of = _projects_of(pks)
    locations = dict(Proposal.objects.filter(pk__in=pks).values_list("pk", "location_text"))
    merges = []
    for index, cluster in enumerate(plan.clusters):
        members = plan.members.get(index, [])
        if len(members) >= 2:
            mode = _mode(rng, [locations[pk] for pk in members] if cluster["building"] else [""])
            merges.append(services.MergeSpec(tuple(project_of[pk] for pk in members), mode,
                                             title=cluster["title"], location_text=cluster["place"]))
    services.projects_merge_many(merges=merges, actor=staff)
    return exclusions


def _review(sim: Sim, plan: Plan, exclusions: list, officer) -> None:
    rng = sim.rng("review", plan.unit)
    share = sim.params.get("screening.reinstate_share")
    services.exclusions_review_batch(reviews=[
        (exclusion, False, "街道复核认为可由微实事资金解决，予以恢复。") if rng.random() < share
        else (exclusion, True, "同意排除。") for exclusion in exclusions], actor=officer)


def run(sim: Sim) -> int:
    plans: dict[int, Plan] = sim.cache["plans"]
    edition = sim.edition
    edition_advance(edition=edition, actor=sim.admin, to_stage=Stage.SCREENING)
    acts = 0
    with sim.progress.stage("screening", total=len(sim.communities), unit="community") as bar:
        for street in sim.streets:
            officer = sim.street_officer(street)
            members: dict[int, list[int]] = {}
            for unit in (c for c in sim.communities if c.parent_id == street.pk):
                plan, staff = plans[unit.pk], sim.person("staff", unit)
                exclusions = _screen(sim, plan)
                _review(sim, plan, exclusions, officer)
                acts += 2 * len(exclusions) + sum(len(m) for m in plan.members.values())
                for index, pk in plan.street_members:
                    members.setdefault(index, []).append(pk)
                services.summary_plan_set(edition=edition, unit=unit, actor=staff,
                                          planned_tables=plan.tables, per_table=plan.per_table)
                services.summary_report(edition=edition, unit=unit, actor=staff)
                bar.advance()
            project_of = _projects_of([pk for pks in members.values() for pk in pks])
            projects = sim.cache["street_projects"][street.pk]
            services.projects_merge_many(merges=[
                services.MergeSpec(tuple(project_of[pk] for pk in pks), MergeMode.SEPARATE_LOCATIONS,
                                   title=projects[index]["title"], location_text=projects[index]["place"])
                for index, pks in sorted(members.items()) if len(pks) >= 2], actor=officer)
            if project_of:
                services.summary_plan_set(edition=edition, unit=street, actor=officer, planned_tables=1,
                                          per_table=10)
                services.summary_report(edition=edition, unit=street, actor=officer)
    edition_advance(edition=edition, actor=sim.admin, to_stage=Stage.ASSEMBLY)
    sim.counts["screening"] = acts
    return acts
