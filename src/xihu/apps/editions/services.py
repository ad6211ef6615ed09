"""Writes for editions: creation, budgets, guarded stage transitions and power grants.
Each writes its ledger entry in the same transaction."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions import access
from xihu.apps.editions.models import BudgetCommitment, Edition, PowerGrant, StageChange, StagePlan
from xihu.apps.editions.preconditions import failing_reasons
from xihu.apps.editions.selectors import granted_powers
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, Stage, next_stage
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused


@transaction.atomic
def edition_create(*, district: Unit, name: str, name_en: str, slug: str, actor,
                   community_budget: int = 300_000, street_budget: int = 1_000_000,
                   max_choices: int = 5, min_age: int = 15,
                   selection_rule: str = Edition.Rule.GREEDY) -> Edition:
    """A new edition in set-up, with a budget commitment for every street and community."""
    access.require(actor, "advance_stage", district, edition=_setup_placeholder())
    if Edition.objects.filter(slug=slug).exists():
        raise Refused(_("An edition with the short name %(slug)s already exists.") % {"slug": slug})
    edition = Edition.objects.create(
        district=district, name=name, name_en=name_en, slug=slug,
        community_budget=community_budget, street_budget=street_budget,
        max_choices=max_choices, min_age=min_age, selection_rule=selection_rule,
        stage_changed_at=timezone.now(),
    )
    streets = list(Unit.objects.filter(parent=district, kind=Unit.Kind.STREET))
    communities = list(Unit.objects.filter(parent__in=streets, kind=Unit.Kind.COMMUNITY))
    BudgetCommitment.objects.bulk_create(
        [BudgetCommitment(edition=edition, unit=u, amount=street_budget) for u in streets]
        + [BudgetCommitment(edition=edition, unit=u, amount=community_budget) for u in communities]
    )
    ledger_append(actor=actor, action="edition.create", obj=edition, payload={
        "slug": slug, "name": name, "community_budget": community_budget,
        "street_budget": street_budget, "max_choices": max_choices, "min_age": min_age,
        "selection_rule": selection_rule, "streets": len(streets), "communities": len(communities),
    })
    return edition


def _setup_placeholder() -> Edition:
    """Creating an edition is a set-up act: decide() checks the role against a set-up stage."""
    return Edition(stage=Stage.SETUP)


@transaction.atomic
def edition_plan_stage(*, edition: Edition, stage: str, starts_at: datetime,
                       ends_at: datetime | None, note: str = "", actor) -> StagePlan:
    access.require(actor, "advance_stage", edition.district, edition)
    if ends_at and ends_at <= starts_at:
        raise Refused(_("A stage must end after it starts."))
    plan, _created = StagePlan.objects.update_or_create(
        edition=edition, stage=stage,
        defaults={"starts_at": starts_at, "ends_at": ends_at, "note": note},
    )
    ledger_append(actor=actor, action="edition.plan_stage", obj=edition, payload={
        "stage": stage, "starts_at": starts_at.isoformat(),
        "ends_at": ends_at.isoformat() if ends_at else None, "note": note,
    })
    return plan


@transaction.atomic
def budget_set(*, edition: Edition, unit: Unit, amount: int, actor) -> BudgetCommitment:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    access.require(actor, "advance_stage", edition.district, edition)
    if edition.stage != Stage.SETUP:
        raise Refused(_("Budgets are committed before collection starts and cannot change now."))
    if amount <= 0:
        raise Refused(_("A budget must be a positive whole number of yuan."))
    row, _created = BudgetCommitment.objects.update_or_create(
        edition=edition, unit=unit, defaults={"amount": amount}
    )
    ledger_append(actor=actor, action="budget.set", obj=row, payload={
        "unit": unit.code, "amount": amount,
    })
    return row


@transaction.atomic
def edition_advance(*, edition: Edition, actor, to_stage: str | None = None) -> StageChange:
    """Move to the next stage, refusing with every reason while a precondition fails."""
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    access.require(actor, "advance_stage", locked.district, locked)
    target = next_stage(locked.stage)
    if target is None:
        raise Refused(_("The edition is already in its last stage."))
    if to_stage is not None and to_stage != target:
        raise Refused(_("Stages run in order: the next stage is %(next)s.")
                      % {"next": Stage(target).label})
    reasons = failing_reasons(locked, target)
    if reasons:
        raise Refused(reasons)
    change = StageChange.objects.create(
        edition=locked, from_stage=locked.stage, to_stage=target, actor=actor
    )
    locked.stage, locked.stage_changed_at = target, change.at
    locked.save(update_fields=["stage", "stage_changed_at"])
    edition.stage, edition.stage_changed_at = locked.stage, locked.stage_changed_at
    ledger_append(actor=actor, action="edition.advance", obj=locked, payload={
        "from": change.from_stage, "to": target,
    })
    return change


@transaction.atomic
def power_grant(*, edition: Edition, grantee: Unit, power: str, actor) -> PowerGrant:
    """The district grants a power to a street, or a street to one of its communities."""
    if power not in Power.values:
        raise Refused(_("Unknown power: %(power)s.") % {"power": power})
    action = "grant_street" if grantee.kind == Unit.Kind.STREET else "grant_community"
    access.require(actor, action, grantee, edition)
    if grantee.kind == Unit.Kind.COMMUNITY:
        if power not in COMMUNITY_POWERS:
            raise Refused(_("Confirming winners stays with the street; it cannot be delegated."))
        if power not in granted_powers(edition, grantee.parent):
            raise Refused(_("%(street)s cannot grant a power it does not hold itself.")
                          % {"street": grantee.parent})
    if PowerGrant.objects.filter(edition=edition, grantee=grantee, power=power,
                                 revoked_at__isnull=True).exists():
        raise Refused(_("%(unit)s already holds this power.") % {"unit": grantee})
    grant = PowerGrant.objects.create(
        edition=edition, grantor=grantee.parent, grantee=grantee, power=power, granted_by=actor
    )
    ledger_append(actor=actor, action="power.grant", obj=grant, payload={
        "grantor": grantee.parent.code, "grantee": grantee.code, "power": power,
    })
    return grant


@transaction.atomic
def power_revoke(*, grant: PowerGrant, actor) -> PowerGrant:
    grant = PowerGrant.objects.select_for_update().get(pk=grant.pk)
    action = "grant_street" if grant.grantee.kind == Unit.Kind.STREET else "grant_community"
    access.require(actor, action, grant.grantee, grant.edition)
    if grant.revoked_at:
        raise Refused(_("This grant was already revoked."))
    grant.revoked_at, grant.revoked_by = timezone.now(), actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    ledger_append(actor=actor, action="power.revoke", obj=grant, payload={
        "grantee": grant.grantee.code, "power": grant.power,
    })
    return grant
