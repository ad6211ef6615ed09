"""Screening by the seven reasons only; the street confirms or reinstates each exclusion.
Every act is a new `ScreeningDecision` row and a ledger entry; proposals are never deleted."""

from django.db import transaction
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
