"""Setting an edition up: create it, change its ballot rules, budgets and the social
organisations taking part. Each change is access-checked and writes its ledger entry."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions import access
from xihu.apps.editions.locks import lock_reasons
from xihu.apps.editions.models import BudgetCommitment, Edition, EditionOrganisation
from xihu.apps.editions.selectors import edition_units
from xihu.apps.editions.validation import budget_problem, check_budgets, check_names, check_rules
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.errors import Problems, Refused


def _require_district(actor, district: Unit, edition: Edition | None = None) -> None:
    if district.kind != Unit.Kind.DISTRICT:
        raise Refused(_("An edition belongs to a district, not to a %(kind)s.")
                      % {"kind": district.get_kind_display()})
    access.require(actor, "manage_edition", district, edition)


@transaction.atomic
def edition_create(*, district: Unit, name: str, name_en: str, slug: str, actor,
                   community_budget: int = 300_000, street_budget: int = 1_000_000,
                   max_choices: int = 5, min_age: int = 15,
                   selection_rule: str = Edition.Rule.GREEDY,
                   tie_break: str = Edition.TieBreak.LOWER_COST) -> Edition:
    """A new edition in set-up, with a budget commitment for every live street and community."""
    _require_district(actor, district)
    slug, name, name_en = (slug or "").strip(), (name or "").strip(), (name_en or "").strip()
    problems = Problems()
    check_names(problems, slug=slug, name=name, name_en=name_en)
    check_rules(problems, max_choices=max_choices, min_age=min_age,
                selection_rule=selection_rule, tie_break=tie_break)
    check_budgets(problems, community_budget=community_budget, street_budget=street_budget)
    problems.raise_if_any()
    edition = Edition.objects.create(
        district=district, name=name, name_en=name_en, slug=slug,
        community_budget=community_budget, street_budget=street_budget,
        max_choices=max_choices, min_age=min_age, selection_rule=selection_rule,
        tie_break=tie_break, stage_changed_at=timezone.now(),
    )
    streets = list(Unit.objects.live().filter(parent=district, kind=Unit.Kind.STREET))
    communities = list(Unit.objects.live().filter(parent__in=streets, kind=Unit.Kind.COMMUNITY))
    BudgetCommitment.objects.bulk_create(
        [BudgetCommitment(edition=edition, unit=u, amount=street_budget) for u in streets]
        + [BudgetCommitment(edition=edition, unit=u, amount=community_budget) for u in communities]
    )
    ledger_append(actor=actor, action="edition.create", obj=edition, payload={
        "slug": slug, "name": name, "name_en": name_en, "district": district.code,
        "community_budget": community_budget, "street_budget": street_budget,
        "max_choices": max_choices, "min_age": min_age, "selection_rule": selection_rule,
        "tie_break": tie_break, "streets": len(streets), "communities": len(communities),
    })
    return edition


@transaction.atomic
def edition_set_rules(*, edition: Edition, actor, max_choices: int, min_age: int,
                      selection_rule: str, tie_break: str) -> Edition:
    """Ballot rules (most choices, minimum age), selection rule and tie-break. Each is refused
    once it can no longer change (locks.py): voting started, or a ballot frozen."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _require_district(actor, edition.district, edition)
    problems = Problems()
    check_rules(problems, max_choices=max_choices, min_age=min_age,
                selection_rule=selection_rule, tie_break=tie_break)
    problems.raise_if_any()
    wanted = {"max_choices": max_choices, "min_age": min_age,
              "selection_rule": selection_rule, "tie_break": tie_break}
    changed = {f: v for f, v in wanted.items() if getattr(edition, f) != v}
    if not changed:
        raise Refused(_("Nothing to change: the rules are already as given."))
    for field in changed:
        for reason in lock_reasons(edition, field):
            problems.add(field, reason)
    problems.raise_if_any()
    before = {f: getattr(edition, f) for f in changed}
    for field, value in changed.items():
        setattr(edition, field, value)
    edition.save(update_fields=list(changed))
    ledger_append(actor=actor, action="edition.rules", obj=edition, payload={
        "slug": edition.slug, "changed": {f: [before[f], v] for f, v in changed.items()},
    })
    return edition


def _budget_refusals(edition: Edition, unit: Unit | None = None) -> None:
    reasons = lock_reasons(edition, "budgets")
    if reasons:
        raise Refused(reasons)
    if unit is not None and not edition.district.contains(unit):
        raise Refused(_("%(unit)s is not in %(district)s.") % {"unit": unit, "district": edition.district})
    if unit is not None and unit.kind == Unit.Kind.DISTRICT:
        raise Refused(_("Budgets are committed to streets and communities."))
    if unit is not None and unit.retired_at:
        raise Refused(_("%(unit)s is retired: it gets no budget in new editions.") % {"unit": unit})


@transaction.atomic
def budget_set(*, edition: Edition, unit: Unit, amount: int, actor) -> BudgetCommitment:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _require_district(actor, edition.district, edition)
    _budget_refusals(edition, unit)
    reason = budget_problem(amount)
    if reason:
        raise Refused(reason, fields={"amount": [reason]})
    previous = BudgetCommitment.objects.filter(edition=edition, unit=unit).first()
    row, _created = BudgetCommitment.objects.update_or_create(
        edition=edition, unit=unit, defaults={"amount": amount}
    )
    ledger_append(actor=actor, action="budget.set", obj=row, payload={
        "edition": edition.slug, "unit": unit.code, "amount": amount,
        "previous": previous.amount if previous else None,
    })
    return row


@transaction.atomic
def budget_set_level(*, edition: Edition, kind: str, amount: int, actor) -> int:
    """The same budget for every street (kind="street") or every community: also the default
    for units created later in set-up. Returns how many commitments were set."""
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    _require_district(actor, edition.district, edition)
    _budget_refusals(edition)
    if kind not in (Unit.Kind.STREET, Unit.Kind.COMMUNITY):
        raise Refused(_("Budgets are committed to streets and communities."))
    reason = budget_problem(amount)
    if reason:
        raise Refused(reason, fields={"amount": [reason]})
    units = list(edition_units(edition).filter(kind=kind))
    for unit in units:
        BudgetCommitment.objects.update_or_create(edition=edition, unit=unit, defaults={"amount": amount})
    field = "street_budget" if kind == Unit.Kind.STREET else "community_budget"
    setattr(edition, field, amount)
    edition.save(update_fields=[field])
    ledger_append(actor=actor, action="budget.set_level", obj=edition, payload={
        "edition": edition.slug, "kind": kind, "amount": amount, "units": [u.code for u in units],
    })
    return len(units)


@transaction.atomic
def edition_organisation_add(*, edition: Edition, organisation: SocialOrganisation,
                             actor) -> EditionOrganisation:
    _require_district(actor, edition.district, edition)
    if not edition.district.contains(organisation.home_unit):
        raise Refused(_("%(org)s is not based in %(district)s.")
                      % {"org": organisation, "district": edition.district})
    if EditionOrganisation.objects.filter(edition=edition, organisation=organisation,
                                          withdrawn_at__isnull=True).exists():
        raise Refused(_("%(org)s already takes part in this edition.") % {"org": organisation})
    row = EditionOrganisation.objects.create(edition=edition, organisation=organisation, added_by=actor)
    ledger_append(actor=actor, action="edition.organisation_add", obj=row, payload={
        "edition": edition.slug, "organisation": organisation.name,
    })
    return row


@transaction.atomic
def edition_organisation_withdraw(*, row: EditionOrganisation, actor) -> EditionOrganisation:
    row = EditionOrganisation.objects.select_for_update().select_related("edition").get(pk=row.pk)
    _require_district(actor, row.edition.district, row.edition)
    if row.withdrawn_at:
        raise Refused(_("%(org)s has already left this edition.") % {"org": row.organisation})
    row.withdrawn_at, row.withdrawn_by = timezone.now(), actor
    row.save(update_fields=["withdrawn_at", "withdrawn_by"])
    ledger_append(actor=actor, action="edition.organisation_withdraw", obj=row, payload={
        "edition": row.edition.slug, "organisation": row.organisation.name,
    })
    return row


__all__ = ["budget_set", "budget_set_level", "edition_create", "edition_organisation_add",
           "edition_organisation_withdraw", "edition_set_rules"]
