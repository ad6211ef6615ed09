"""Exclusions the street has not reviewed yet (PROCESS.md 3.3: every exclusion is reviewed by
the street, which may reinstate it). An exclusion is reviewed once a review answers it."""

from django.db.models import Count, Exists, OuterRef

from xihu.apps.editions.models import Edition
from xihu.apps.proposals.models import Decision, ScreeningDecision


def unreviewed_exclusions(edition: Edition):
    return ScreeningDecision.objects.filter(proposal__edition=edition, decision=Decision.EXCLUDE,
                                            reviews__isnull=True)


def exclusions_by_community(edition: Edition) -> dict[int, tuple[int, int]]:
    """community id -> (exclusions, of which unreviewed), in one GROUP BY query."""
    reviewed = Exists(ScreeningDecision.objects.filter(answers=OuterRef("pk")))
    rows = (ScreeningDecision.objects.filter(proposal__edition=edition, decision=Decision.EXCLUDE)
            .values("proposal__community_id")
            .annotate(n=Count("pk"), open=Count("pk", filter=~reviewed))
            .order_by())
    return {r["proposal__community_id"]: (r["n"], r["open"]) for r in rows}
