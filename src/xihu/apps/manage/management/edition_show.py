"""The text `xihu edition show` prints: rules, budgets, plan with re-plans, organisations,
copied grants and turnout targets."""

from django.utils import timezone

from xihu.apps.editions.models import BudgetCommitment, Edition, EditionOrganisation, GrantProposal
from xihu.apps.editions.selectors import edition_timeline
from xihu.apps.voting.selectors import turnout_targets


def _at(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "…"


def show(edition: Edition) -> list[str]:
    lines = [
        f"Edition {edition.slug}: {edition.name} / {edition.name_en}".rstrip(" /"),
        f"  district {edition.district.code}, stage {edition.stage}",
        f"  rules: at most {edition.max_choices} choices, minimum age {edition.min_age}, "
        f"selection rule {edition.selection_rule}, tie-break {edition.tie_break}",
        "Budgets (yuan):",
    ]
    for row in BudgetCommitment.objects.filter(edition=edition).select_related("unit").order_by(
            "unit__kind", "unit__code"):
        lines.append(f"  {row.unit.code:<20} {row.unit.kind:<10} {row.amount:>12,}")
    lines.append("Plan:")
    for row in edition_timeline(edition):
        mark = "*" if row.is_current else " "
        planned = f"{_at(row.planned_start)} to {_at(row.planned_end)}" if row.planned_start else "not planned"
        lines.append(f" {mark}{row.stage:<15} {planned}  {row.planned_note}".rstrip())
        for change in row.replans:
            lines.append(f"      re-planned {_at(change.at)} by {change.actor}: was {_at(change.previous_start)} "
                         f"to {_at(change.previous_end)}; reason: {change.reason or '-'}")
    organisations = EditionOrganisation.objects.filter(edition=edition, withdrawn_at__isnull=True)
    lines.append("Social organisations taking part: "
                 + (", ".join(o.organisation.name for o in organisations.select_related("organisation")) or "none"))
    for proposal in GrantProposal.objects.filter(edition=edition).select_related("grantor", "source"):
        state = f"confirmed {_at(proposal.confirmed_at)}" if proposal.confirmed_at else "waiting for confirmation"
        lines.append(f"Copied grants of {proposal.grantor.code} ({len(proposal.items)} from "
                     f"{proposal.source.slug}): {state}")
    targets = turnout_targets(edition)
    if targets:
        lines.append("Turnout targets: " + ", ".join(f"{t.unit.code} {t.percent}%" for t in targets.values()))
    return lines
