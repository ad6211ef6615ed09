"""Proposals with their screening state, their public history, and the street's review list."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import (
    Decision,
    ExclusionReason,
    ProjectSource,
    Proposal,
    ScreeningDecision,
)
from xihu.apps.proposals.receipts import normalise_receipt_code


def with_state(proposals: QuerySet) -> QuerySet:
    """Annotate `state` (latest decision: exclude / confirm / reinstate, or None) and
    `live_project_id` (the live project the proposal is a source of, or None)."""
    latest = ScreeningDecision.objects.filter(proposal=OuterRef("pk")).order_by("-at", "-pk")
    link = ProjectSource.objects.filter(proposal=OuterRef("pk"), released_at__isnull=True)
    return proposals.annotate(
        state=Subquery(latest.values("decision")[:1]),
        state_reason=Subquery(latest.values("reason")[:1]),
        live_project_id=Subquery(link.values("project_id")[:1]),
    )


def is_excluded(state: str | None) -> bool:
    return state in (Decision.EXCLUDE, Decision.CONFIRM)


def community_proposals(edition: Edition, community: Unit) -> QuerySet:
    return with_state(Proposal.objects.filter(edition=edition, community=community)).select_related(
        "collector", "organisation").order_by("-pk")


def proposal_by_receipt(code: str) -> Proposal | None:
    code = normalise_receipt_code(code)
    if not code:
        return None
    return with_state(Proposal.objects.filter(receipt_code=code)).select_related(
        "community", "edition").first()


@dataclass(frozen=True)
class Event:
    at: datetime
    text: str
    detail: str = ""


def proposal_history(proposal: Proposal) -> list[Event]:
    """Everything that happened to a proposal, in order: public, without private data."""
    events = [Event(proposal.created_at, _("Received (%(channel)s)") % {
        "channel": proposal.get_channel_display()})]
    for decision in proposal.decisions.select_related("actor"):
        detail = f"{ExclusionReason(decision.reason).label}"
        if decision.explanation:
            detail += f" — {decision.explanation}"
        events.append(Event(decision.at, f"{decision.get_decision_display()} · {decision.actor}", detail))
    for link in proposal.links.select_related("project"):
        project = link.project
        if project.mode == "single":
            text = _("Listed as its own project #%(id)s") % {"id": project.pk}
        else:
            text = _("Merged into project #%(id)s “%(title)s” (%(mode)s)") % {
                "id": project.pk, "title": project.title, "mode": project.get_mode_display()}
        events.append(Event(link.created_at, text))
        if link.released_at and not proposal.decisions.filter(at__gte=link.released_at,
                                                              decision=Decision.EXCLUDE).exists():
            events.append(Event(link.released_at, _("Project #%(id)s was merged further or undone")
                                % {"id": project.pk}))
    return sorted(events, key=lambda e: e.at)


def exclusions_to_review(edition: Edition, street: Unit) -> list[ScreeningDecision]:
    """Exclusions of the street's communities that are the latest word on their proposal."""
    latest = ScreeningDecision.objects.filter(proposal=OuterRef("proposal")).order_by("-at", "-pk")
    return list(
        ScreeningDecision.objects.filter(
            proposal__edition=edition, proposal__community__parent=street, decision=Decision.EXCLUDE)
        .annotate(latest_pk=Subquery(latest.values("pk")[:1]))
        .filter(pk=F("latest_pk"))
        .select_related("proposal__community", "actor").order_by("proposal__community__code", "at")
    )


def reviewed_exclusions(edition: Edition, street: Unit) -> list[ScreeningDecision]:
    return list(ScreeningDecision.objects.filter(
        proposal__edition=edition, proposal__community__parent=street,
        decision__in=[Decision.CONFIRM, Decision.REINSTATE],
    ).select_related("proposal__community", "actor", "answers__actor").order_by("-at")[:200])
