"""Writes for editions: guarded stage transitions and power grants (here), creation, rules and
budgets (setup.py), stage plans (planning.py), copies (copying.py). Each writes its ledger entry
in the same transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions import access
from xihu.apps.editions.models import Edition, PowerGrant, StageChange
from xihu.apps.editions.planning import edition_plan_stage
from xihu.apps.editions.preconditions import failing_reasons
from xihu.apps.editions.selectors import granted_powers
from xihu.apps.editions.setup import (
    budget_set,
    budget_set_level,
    edition_create,
    edition_organisation_add,
    edition_organisation_withdraw,
    edition_set_rules,
)
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power, Stage, next_stage
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused


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


__all__ = ["budget_set", "budget_set_level", "edition_advance", "edition_create",
           "edition_organisation_add", "edition_organisation_withdraw", "edition_plan_stage",
           "edition_set_rules", "power_grant", "power_revoke"]
