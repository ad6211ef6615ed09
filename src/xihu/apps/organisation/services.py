"""Units (district > street > community) and social organisations: create, rename, set the
resident count, retire. Access-checked (manage_units) and ledgered in the same transaction."""

import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions import access
from xihu.apps.editions.models import BudgetCommitment, Edition
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.errors import Problems, Refused

CODE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CHILD_KIND = {Unit.Kind.DISTRICT: Unit.Kind.STREET, Unit.Kind.STREET: Unit.Kind.COMMUNITY}
# Turnout is residents' votes over the resident count: it cannot move while it is measured.
COUNTING_STAGES = (Stage.VOTING, Stage.COUNTING, Stage.CONFIRMATION)
MAX_RESIDENTS = 10_000_000


def check_unit_fields(problems: Problems, *, code: str | None, name: str, name_en: str,
                      residents: int | None) -> None:
    if code is not None:
        if not CODE.match(code) or len(code) > 60:
            problems.add("code", _("Code: lowercase letters, digits and hyphens only (at most 60), "
                                   "e.g. nanpu."))
        elif Unit.objects.filter(code=code).exists():
            problems.add("code", _("Code: a unit with the code %(code)s already exists.") % {"code": code})
    if not name:
        problems.add("name", _("Name (Chinese): this field is required."))
    elif len(name) > 120:
        problems.add("name", _("Name (Chinese): at most 120 characters."))
    if len(name_en) > 120:
        problems.add("name_en", _("Name (English): at most 120 characters."))
    if residents is not None and (not isinstance(residents, int) or not 0 <= residents <= MAX_RESIDENTS):
        problems.add("residents", _("Registered residents: a whole number from 0 to %(max)d.")
                     % {"max": MAX_RESIDENTS})


def _editions_in_setup(district: Unit):
    return Edition.objects.filter(district=district, stage=Stage.SETUP)


@transaction.atomic
def unit_create(*, parent: Unit, code: str, name: str, name_en: str = "", residents: int = 0,
                actor) -> Unit:
    """A street under a district or a community under a street. Editions of the district still
    in set-up commit their default budget to it."""
    code, name, name_en = (code or "").strip(), (name or "").strip(), (name_en or "").strip()
    if parent.kind not in CHILD_KIND:
        raise Refused(_("A community has no units beneath it."))
    access.require(actor, "manage_units", parent.district, None)
    if parent.retired_at:
        raise Refused(_("%(unit)s is retired: nothing new goes beneath it.") % {"unit": parent})
    problems = Problems()
    check_unit_fields(problems, code=code, name=name, name_en=name_en, residents=residents)
    problems.raise_if_any()
    unit = Unit.objects.create(code=code, kind=CHILD_KIND[parent.kind], parent=parent, name=name,
                               name_en=name_en, residents=residents)
    budgets = {}
    for edition in _editions_in_setup(unit.district):
        amount = edition.street_budget if unit.kind == Unit.Kind.STREET else edition.community_budget
        BudgetCommitment.objects.create(edition=edition, unit=unit, amount=amount)
        budgets[edition.slug] = amount
    ledger_append(actor=actor, action="unit.create", obj=unit, payload={
        "code": code, "kind": unit.kind, "parent": parent.code, "name": name, "name_en": name_en,
        "residents": residents, "budgets": budgets,
    })
    return unit


@transaction.atomic
def unit_rename(*, unit: Unit, name: str, name_en: str, actor) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    access.require(actor, "manage_units", unit.district, None)
    name, name_en = (name or "").strip(), (name_en or "").strip()
    problems = Problems()
    check_unit_fields(problems, code=None, name=name, name_en=name_en, residents=None)
    problems.raise_if_any()
    if (unit.name, unit.name_en) == (name, name_en):
        raise Refused(_("Nothing to change: %(unit)s already has these names.") % {"unit": unit})
    before = {"name": unit.name, "name_en": unit.name_en}
    unit.name, unit.name_en = name, name_en
    unit.save(update_fields=["name", "name_en"])
    ledger_append(actor=actor, action="unit.rename", obj=unit, payload={
        "code": unit.code, "name": name, "name_en": name_en, "previous": before,
    })
    return unit


def _taking_part(unit: Unit, stages) -> list[Edition]:
    return list(Edition.objects.filter(stage__in=stages, budgets__unit=unit).distinct())


@transaction.atomic
def unit_set_residents(*, unit: Unit, residents: int, actor) -> Unit:
    """The registered residents: the denominator of turnout."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    access.require(actor, "manage_units", unit.district, None)
    problems = Problems()
    check_unit_fields(problems, code=None, name=unit.name, name_en="", residents=residents)
    problems.raise_if_any()
    measuring = _taking_part(unit, COUNTING_STAGES)
    if unit.kind == Unit.Kind.DISTRICT:
        measuring = list(Edition.objects.filter(district=unit, stage__in=COUNTING_STAGES))
    if measuring:
        raise Refused(_("Turnout of %(edition)s is being measured against this count (stage: "
                        "%(stage)s): it can change after the results are published.")
                      % {"edition": measuring[0], "stage": measuring[0].get_stage_display()})
    previous = unit.residents
    unit.residents = residents
    unit.save(update_fields=["residents"])
    ledger_append(actor=actor, action="unit.residents", obj=unit, payload={
        "code": unit.code, "residents": residents, "previous": previous,
    })
    return unit


@transaction.atomic
def unit_retire(*, unit: Unit, actor) -> Unit:
    """A retired unit keeps its history (proposals, ballots, results, roles held) and gets no
    budget in new editions. Its live roles are removed; editions in set-up drop its budget."""
    from xihu.apps.accounts.models import RoleAssignment
    from xihu.apps.accounts.services import role_revoke

    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.kind == Unit.Kind.DISTRICT:
        raise Refused(_("A district is not retired here."))
    access.require(actor, "manage_units", unit.district, None)
    if unit.retired_at:
        raise Refused(_("%(unit)s is already retired.") % {"unit": unit})
    live_children = list(unit.children.live().order_by("code"))
    if live_children:
        raise Refused(_("%(unit)s still has communities that are not retired: %(list)s.")
                      % {"unit": unit, "list": "、".join(str(c) for c in live_children)})
    running = [e for e in _taking_part(unit, Stage.values) if e.stage not in
               (Stage.SETUP, Stage.PUBLISHED, Stage.IMPLEMENTATION)]
    if running:
        raise Refused(_("%(unit)s takes part in %(edition)s (stage: %(stage)s): retire it after "
                        "the results are published.")
                      % {"unit": unit, "edition": running[0], "stage": running[0].get_stage_display()})
    dropped = list(BudgetCommitment.objects.filter(unit=unit, edition__stage=Stage.SETUP)
                   .values_list("edition__slug", flat=True))
    BudgetCommitment.objects.filter(unit=unit, edition__stage=Stage.SETUP).delete()
    removed = []
    for assignment in RoleAssignment.objects.filter(unit=unit).select_related("user"):
        role_revoke(assignment=assignment, actor=actor)
        removed.append([assignment.user.get_username(), assignment.role])
    unit.retired_at = timezone.now()
    unit.save(update_fields=["retired_at"])
    ledger_append(actor=actor, action="unit.retire", obj=unit, payload={
        "code": unit.code, "budgets_dropped": dropped, "roles_removed": removed,
    })
    return unit


@transaction.atomic
def organisation_create(*, name: str, name_en: str = "", kind: str, home_unit: Unit,
                        actor) -> SocialOrganisation:
    """A social organisation based in a unit: a volunteer or alumni association, a community
    group or the expert group."""
    name, name_en = (name or "").strip(), (name_en or "").strip()
    access.require(actor, "manage_units", home_unit.district, None)
    problems = Problems()
    check_unit_fields(problems, code=None, name=name, name_en=name_en, residents=None)
    if kind not in SocialOrganisation.Kind.values:
        problems.add("kind", _("Kind: choose one of the listed kinds."))
    if SocialOrganisation.objects.filter(Q(name=name) & Q(home_unit__in=_district_units(home_unit))).exists():
        problems.add("name", _("Name (Chinese): an organisation of this name already exists here."))
    problems.raise_if_any()
    organisation = SocialOrganisation.objects.create(name=name, name_en=name_en, kind=kind,
                                                     home_unit=home_unit)
    ledger_append(actor=actor, action="organisation.create", obj=organisation, payload={
        "name": name, "name_en": name_en, "kind": kind, "home_unit": home_unit.code,
    })
    return organisation


def _district_units(unit: Unit):
    district = unit.district
    return Unit.objects.filter(Q(pk=district.pk) | Q(parent=district) | Q(parent__parent=district))
