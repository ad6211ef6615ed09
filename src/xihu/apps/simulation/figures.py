"""The figures a run produced, read back from the database through the platform's selectors
(what the public pages show): the report `xihu simulate` prints, and what the tests compare
between runs. Everything is a plain, ordered structure of numbers and codes (no ids, no times)."""

from __future__ import annotations

from django.db.models import Count, F

from xihu.apps.assemblies.models import Assembly, Attendee, PlenaryBallot
from xihu.apps.editions.models import Edition
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.proposals.models import Decision, Project, Proposal, ScreeningDecision, Visit
from xihu.apps.results.models import Confirmation, SelectionResult, TypedTotal
from xihu.apps.voting.models import CastBallot, Registration
from xihu.apps.voting.selectors import turnout


def _counts(rows, *fields) -> dict:
    return {"/".join(str(r[f]) for f in fields): r["n"] for r in rows.values(*fields).annotate(n=Count("pk"))
            .order_by(*fields)}


def headline(edition: Edition) -> dict:
    proposals = Proposal.objects.filter(edition=edition)
    streets, communities = turnout(edition)
    registrations = Registration.objects.filter(edition=edition)
    results = SelectionResult.objects.filter(ballot__edition=edition).select_related("ballot__unit")
    return {
        "stage": edition.stage,
        "communities": len(communities),
        "proposals": proposals.count(),
        "proposals_by_channel": _counts(proposals, "channel"),
        "proposals_by_collector": _counts(proposals, "collector_type"),
        "visits_by_outcome": _counts(Visit.objects.filter(edition=edition), "collector_type", "outcome"),
        "exclusions": _counts(ScreeningDecision.objects.filter(proposal__edition=edition), "decision"),
        "live_projects": Project.objects.live().filter(edition=edition).count(),
        "assemblies": Assembly.objects.filter(edition=edition).count(),
        "attendees": Attendee.objects.filter(assembly__edition=edition, checked_in_at__isnull=False).count(),
        "plenary_ballots": PlenaryBallot.objects.filter(assembly__edition=edition).count(),
        "voters": registrations.values("voter_key").distinct().count(),
        "registrations_by_age": _counts(registrations.filter(ballot_kind="community"), "age_band"),
        "turnout_streets": {r.unit.code: round(r.percent, 2) for r in streets},
        "turnout_targets": {r.unit.code: r.target for r in streets if r.target is not None},
        "turnout_communities": {r.unit.code: round(r.percent, 2) for r in communities},
        "ballots_cast": _counts(CastBallot.objects.filter(ballot__edition=edition), "ballot__kind", "status"),
        "winners": {f"{r.ballot.unit.code}/{r.ballot.kind}": list(r.winners) for r in results.order_by("ballot__unit__code", "ballot__kind")},
        "typed_differences": TypedTotal.objects.filter(session__edition=edition).exclude(
            value=F("computed")).count(),
        "confirmed_unchanged": Confirmation.objects.filter(ballot__edition=edition, deviates=False).count(),
        "reinstated": ScreeningDecision.objects.filter(proposal__edition=edition, decision=Decision.REINSTATE).count(),
        "log_entries": LedgerEntry.objects.count(),
    }


def report_lines(figures: dict) -> list[str]:
    """A short human report of a run's figures."""
    lines = [
        f"  proposals {figures['proposals']:,} from {figures['communities']} communities "
        f"({', '.join(f'{k} {v:,}' for k, v in figures['proposals_by_channel'].items())})",
        f"  assemblies {figures['assemblies']}, attendees {figures['attendees']:,}, "
        f"plenary ballots {figures['plenary_ballots']:,}",
        f"  voters {figures['voters']:,}; turnout " + ", ".join(
            f"{code} {pct:.1f}%" + (f" (target {figures['turnout_targets'][code]}%)"
                                    if code in figures["turnout_targets"] else "")
            for code, pct in figures["turnout_streets"].items()),
        f"  typed totals that differ from the ballots: {figures['typed_differences']}; "
        f"results confirmed unchanged: {figures['confirmed_unchanged']}; edition stage: {figures['stage']}",
        f"  public log: {figures['log_entries']:,} entries",
    ]
    return lines
