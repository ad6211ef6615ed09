"""Screening by the seven reasons only; the street confirms or reinstates each exclusion.
Every act is a new `ScreeningDecision` row and a ledger entry; proposals are never deleted."""

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from xihu.apps.editions.access import require
from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.proposals.models import (
    Decision,
    ExclusionReason,
    ProjectSource,
    Proposal,
    ScreeningDecision,
)
from xihu.apps.proposals.services.projects import projects_dissolve, singles_create
from xihu.errors import Refused

MIN_EXPLANATION = 4


def latest_decision(proposal: Proposal) -> ScreeningDecision | None:
    return proposal.decisions.order_by("-at", "-pk").first()


def _edition(proposal: Proposal) -> Edition:
    return Edition.objects.select_related("district").get(pk=proposal.edition_id)


@transaction.atomic
def proposal_exclude(*, proposal: Proposal, reason: str, explanation: str, actor) -> ScreeningDecision:
    """Exclude for one of the seven reasons, with a written explanation the proposer will read."""
    proposal = Proposal.objects.select_for_update().select_related("community").get(pk=proposal.pk)
    require(actor, "screen", proposal.community, _edition(proposal))
    errors = []
    if reason not in ExclusionReason.values:
        errors.append(_("A proposal may be excluded only for one of the seven reasons."))
    if len(explanation.strip()) < MIN_EXPLANATION:
        errors.append(_("Explain the exclusion in a few words: the proposer will read it."))
    last = latest_decision(proposal)
    if last and last.decision != Decision.REINSTATE:
        errors.append(_("This proposal is already excluded."))
    link = ProjectSource.objects.filter(proposal=proposal, released_at__isnull=True).select_related(
        "project").first()
    if link and link.project.sources.filter(released_at__isnull=True).count() > 1:
        errors.append(_("This proposal is part of the merged project “%(project)s”: undo the merge first.")
                      % {"project": link.project})
    if errors:
        raise Refused(errors)
    if link:
        projects_dissolve([link.project_id])
    decision = ScreeningDecision.objects.create(
        proposal=proposal, decision=Decision.EXCLUDE, reason=reason,
        explanation=explanation.strip(), actor=actor)
    ledger_append(actor=actor, action="proposal.exclude", obj=proposal, payload={
        "receipt": proposal.receipt_code, "community": proposal.community.code, "reason": reason,
        "explanation": decision.explanation,
    })
    return decision


@transaction.atomic
def exclusion_review(*, exclusion: ScreeningDecision, confirm: bool, explanation: str = "",
                     actor) -> ScreeningDecision:
    """The street confirms an exclusion, or reinstates the proposal (with a reason)."""
    proposal = Proposal.objects.select_for_update(of=("self",)).select_related("community__parent").get(
        pk=exclusion.proposal_id)
    require(actor, "review_exclusions", proposal.community.parent, _edition(proposal))
    last = latest_decision(proposal)
    if exclusion.decision != Decision.EXCLUDE or last is None or last.pk != exclusion.pk:
        raise Refused(_("This exclusion has already been reviewed."))
    if not confirm and len(explanation.strip()) < MIN_EXPLANATION:
        raise Refused(_("Say why the proposal is reinstated."))
    decision = ScreeningDecision.objects.create(
        proposal=proposal, decision=Decision.CONFIRM if confirm else Decision.REINSTATE,
        reason=exclusion.reason, explanation=explanation.strip(), answers=exclusion, actor=actor)
    if not confirm:
        singles_create([proposal], actor)
    ledger_append(actor=actor, action="proposal.review", obj=proposal, payload={
        "receipt": proposal.receipt_code, "decision": decision.decision, "reason": exclusion.reason,
        "explanation": decision.explanation,
    })
    return decision


def _latest_decisions(proposal_ids) -> dict[int, ScreeningDecision]:
    latest: dict[int, ScreeningDecision] = {}
    for decision in ScreeningDecision.objects.filter(proposal_id__in=proposal_ids).order_by("-at", "-pk"):
        latest.setdefault(decision.proposal_id, decision)
    return latest


def _locked_proposals(ids) -> dict[int, Proposal]:
    return {p.pk: p for p in Proposal.objects.select_for_update(of=("self",))
            .select_related("community__parent").filter(pk__in=ids)}


@transaction.atomic
def proposals_exclude_batch(*, exclusions: list[tuple[Proposal, str, str]], actor) -> list[ScreeningDecision]:
    """Many exclusions at once [(proposal, reason, explanation)]: each checked as by
    proposal_exclude (refused whole, with the line numbers, if any is wrong) and each recorded
    in the ledger as if made alone; the permission is checked once per community."""
    proposals = _locked_proposals([p.pk for p, _r, _e in exclusions])
    latest = _latest_decisions(proposals)
    links = {s.proposal_id: s for s in ProjectSource.objects.filter(
        proposal_id__in=proposals, released_at__isnull=True)}
    shared = set(ProjectSource.objects.filter(project_id__in=[s.project_id for s in links.values()],
                                              released_at__isnull=True)
                 .values("project_id").annotate(n=Count("pk")).filter(n__gt=1)
                 .values_list("project_id", flat=True))
    checked: set[int] = set()
    errors, seen = [], set()
    for number, (given, reason, explanation) in enumerate(exclusions, start=1):
        proposal = proposals.get(given.pk)
        if proposal is None:
            errors.append(f"#{number}: " + _("No such proposal."))
            continue
        if proposal.community_id not in checked:
            require(actor, "screen", proposal.community, _edition(proposal))
            checked.add(proposal.community_id)
        if reason not in ExclusionReason.values:
            errors.append(f"#{number}: " + _("A proposal may be excluded only for one of the seven reasons."))
        if len(explanation.strip()) < MIN_EXPLANATION:
            errors.append(f"#{number}: " + _("Explain the exclusion in a few words: the proposer will read it."))
        last = latest.get(proposal.pk)
        if proposal.pk in seen or (last and last.decision != Decision.REINSTATE):
            errors.append(f"#{number}: " + _("This proposal is already excluded."))
        seen.add(proposal.pk)
        link = links.get(proposal.pk)
        if link and link.project_id in shared:
            errors.append(f"#{number}: " + _("This proposal is part of the merged project “%(project)s”: "
                                             "undo the merge first.") % {"project": link.project})
    if errors:
        raise Refused(errors)
    projects_dissolve([links[pk].project_id for pk in seen if pk in links])
    decisions = ScreeningDecision.objects.bulk_create([
        ScreeningDecision(proposal=proposals[p.pk], decision=Decision.EXCLUDE, reason=reason,
                          explanation=explanation.strip(), actor=actor)
        for p, reason, explanation in exclusions])
    for decision in decisions:
        proposal = decision.proposal
        ledger_append(actor=actor, action="proposal.exclude", obj=proposal, payload={
            "receipt": proposal.receipt_code, "community": proposal.community.code,
            "reason": decision.reason, "explanation": decision.explanation,
        })
    return decisions


@transaction.atomic
def exclusions_review_batch(*, reviews: list[tuple[ScreeningDecision, bool, str]], actor) -> list[ScreeningDecision]:
    """The street's reviews of many exclusions at once [(exclusion, confirm, explanation)]: each
    checked as by exclusion_review, each in the ledger as if made alone."""
    proposals = _locked_proposals([e.proposal_id for e, _c, _x in reviews])
    latest = _latest_decisions(proposals)
    checked: set[int] = set()
    errors, seen = [], set()
    for number, (exclusion, confirm, explanation) in enumerate(reviews, start=1):
        proposal = proposals[exclusion.proposal_id]
        street = proposal.community.parent
        if street.pk not in checked:
            require(actor, "review_exclusions", street, _edition(proposal))
            checked.add(street.pk)
        last = latest.get(proposal.pk)
        if (exclusion.decision != Decision.EXCLUDE or last is None or last.pk != exclusion.pk
                or proposal.pk in seen):
            errors.append(f"#{number}: " + _("This exclusion has already been reviewed."))
        seen.add(proposal.pk)
        if not confirm and len(explanation.strip()) < MIN_EXPLANATION:
            errors.append(f"#{number}: " + _("Say why the proposal is reinstated."))
    if errors:
        raise Refused(errors)
    decisions = ScreeningDecision.objects.bulk_create([
        ScreeningDecision(proposal=proposals[e.proposal_id], decision=Decision.CONFIRM if confirm else Decision.REINSTATE,
                          reason=e.reason, explanation=explanation.strip(), answers=e, actor=actor)
        for e, confirm, explanation in reviews])
    singles_create([d.proposal for d in decisions if d.decision == Decision.REINSTATE], actor)
    for decision in decisions:
        proposal = decision.proposal
        ledger_append(actor=actor, action="proposal.review", obj=proposal, payload={
            "receipt": proposal.receipt_code, "decision": decision.decision, "reason": decision.reason,
            "explanation": decision.explanation,
        })
    return decisions
