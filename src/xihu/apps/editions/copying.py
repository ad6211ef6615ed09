"""Next year's edition as a copy of an earlier one, and confirming the grants it proposes.

What is copied: the ballot rules, selection rule and tie-break; each live unit's budget (units
created since get the default, retired ones nothing); the stage plan shifted by whole years; the
social organisations taking part. The earlier edition's power grants are copied as proposals
only: nothing is in force until the district admin confirms the grants to the streets, then each
street officer those to the street's communities, in one step each.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions import access
from xihu.apps.editions.models import (
    BudgetCommitment,
    Edition,
    EditionOrganisation,
    GrantProposal,
    PowerGrant,
    StagePlan,
)
from xihu.apps.editions.planning import edition_plan_stage
from xihu.apps.editions.selectors import granted_powers, live_grants
from xihu.apps.editions.services import power_grant
from xihu.apps.editions.setup import edition_create, edition_organisation_add
from xihu.apps.editions.stages import Power
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused


def shift_years(moment: datetime | None, years: int) -> datetime | None:
    """The same local date and time `years` later (29 February becomes 28 February)."""
    if moment is None:
        return None
    local = timezone.localtime(moment)
    try:
        return local.replace(year=local.year + years)
    except ValueError:
        return local.replace(year=local.year + years, day=28)


@transaction.atomic
def edition_copy(*, source: Edition, slug: str, name: str, name_en: str, actor,
                 years: int = 1) -> Edition:
    if not isinstance(years, int) or not 0 <= years <= 10:
        message = _("Years to shift the plan: a whole number from 0 to 10.")
        raise Refused(message, fields={"years": [message]})
    edition = edition_create(
        district=source.district, name=name, name_en=name_en, slug=slug, actor=actor,
        community_budget=source.community_budget, street_budget=source.street_budget,
        max_choices=source.max_choices, min_age=source.min_age,
        selection_rule=source.selection_rule, tie_break=source.tie_break,
    )
    earlier = dict(BudgetCommitment.objects.filter(edition=source).values_list("unit_id", "amount"))
    budgets = {}
    for row in BudgetCommitment.objects.filter(edition=edition).select_related("unit"):
        if row.unit_id in earlier and earlier[row.unit_id] != row.amount:
            row.amount = earlier[row.unit_id]
            row.save(update_fields=["amount"])
        budgets[row.unit.code] = row.amount
    for plan in StagePlan.objects.filter(edition=source).order_by("starts_at"):
        edition_plan_stage(edition=edition, stage=plan.stage, starts_at=shift_years(plan.starts_at, years),
                           ends_at=shift_years(plan.ends_at, years), note=plan.note, actor=actor)
    organisations = []
    for row in EditionOrganisation.objects.filter(edition=source, withdrawn_at__isnull=True):
        edition_organisation_add(edition=edition, organisation=row.organisation, actor=actor)
        organisations.append(row.organisation.name)
    proposals = _propose_grants(source, edition)
    ledger_append(actor=actor, action="edition.copy", obj=edition, payload={
        "edition": edition.slug, "source": source.slug, "years": years, "budgets": budgets,
        "organisations": organisations,
        "proposed_grants": {p.grantor.code: p.items for p in proposals},
    })
    return edition


def _propose_grants(source: Edition, edition: Edition) -> list[GrantProposal]:
    by_grantor: dict[int, list] = {}
    grantors: dict[int, Unit] = {}
    for grant in live_grants(source).order_by("grantee__code", "power"):
        if grant.grantee.retired_at or grant.grantor.retired_at:
            continue
        grantors[grant.grantor_id] = grant.grantor
        by_grantor.setdefault(grant.grantor_id, []).append([grant.grantee.code, grant.power])
    return [
        GrantProposal.objects.create(edition=edition, source=source, grantor=grantors[pk], items=items)
        for pk, items in sorted(by_grantor.items(), key=lambda kv: grantors[kv[0]].code)
    ]


@transaction.atomic
def grant_proposal_confirm(*, proposal: GrantProposal, actor) -> list[PowerGrant]:
    """The grantor confirms every grant it is proposed, in one step (all or nothing)."""
    proposal = GrantProposal.objects.select_for_update().select_related(
        "edition__district", "grantor").get(pk=proposal.pk)
    edition, grantor = proposal.edition, proposal.grantor
    if proposal.confirmed_at:
        raise Refused(_("These grants were already confirmed on %(day)s.")
                      % {"day": timezone.localtime(proposal.confirmed_at).date().isoformat()})
    units = {u.code: u for u in Unit.objects.filter(code__in={code for code, _p in proposal.items})}
    items = [(units[code], power) for code, power in proposal.items
             if code in units and not units[code].retired_at]
    action = "grant_street" if grantor.kind == Unit.Kind.DISTRICT else "grant_community"
    for grantee in {u.pk: u for u, _p in items}.values():
        access.require(actor, action, grantee, edition)
    if not items:
        raise Refused(_("Nothing left to confirm: every unit in this proposal is retired."))
    if grantor.kind == Unit.Kind.STREET:
        held = granted_powers(edition, grantor)
        needed = {p for _u, p in items}
        missing = [p for p in Power.values if p in needed and p not in held]
        if missing:
            raise Refused([_("The district has not granted %(street)s the power to %(power)s yet: "
                             "the district admin confirms the streets' grants first.")
                           % {"street": grantor, "power": Power(p).label} for p in missing])
    granted, kept = [], []
    for grantee, power in items:
        if power in {g.power for g in live_grants(edition, grantee)}:
            kept.append([grantee.code, power])
            continue
        granted.append(power_grant(edition=edition, grantee=grantee, power=power, actor=actor))
    proposal.confirmed_at, proposal.confirmed_by = timezone.now(), actor
    proposal.save(update_fields=["confirmed_at", "confirmed_by"])
    ledger_append(actor=actor, action="grants.confirm", obj=proposal, payload={
        "edition": edition.slug, "source": proposal.source.slug, "grantor": grantor.code,
        "granted": [[g.grantee.code, g.power] for g in granted], "already_in_force": kept,
    })
    return granted
