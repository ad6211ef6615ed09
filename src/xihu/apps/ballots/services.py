"""Writes for quotas and ballots: the street (action "set_quotas") prices each ranked project,
draws the community and street ballots from the ranked lists, freezes them with a fingerprint
recorded in the ledger, and prints numbered sheets."""

import hashlib

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot, BallotItem, BallotKind, PrintRun, Quota
from xihu.apps.ballots.selectors import current_quotas
from xihu.apps.editions.access import require
from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import budget_of
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Level, Project
from xihu.engine.ledger import canonical_json
from xihu.errors import Refused

MAX_SHEETS_PER_RUN = 5000
MAX_BALLOT_ITEMS = 30  # projects on one ballot: the most that print on one A4 sheet (ballots/pdf.py)


def _street_of(unit: Unit) -> Unit:
    return unit if unit.kind == Unit.Kind.STREET else unit.parent


@transaction.atomic
def quota_set(*, project: Project, amount: int, note: str, actor) -> Quota:
    """Set (or change: a new row) a project's budget amount in whole yuan, with its cost note."""
    edition = project.edition
    require(actor, "set_quotas", _street_of(project.unit), edition)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise Refused(_("An amount is a positive whole number of yuan."))
    if not note.strip():
        raise Refused(_("Give a cost note (what the amount pays for, and the experts' advice)."))
    if project.dissolved_at is not None:
        raise Refused(_("This project was dissolved."))
    if _ballot_frozen(edition, project):
        raise Refused(_("The ballot listing this project is frozen: its amount cannot change."))
    quota = Quota.objects.create(edition=edition, project=project, amount=amount,
                                 note=note.strip()[:300], set_by=actor)
    budget = budget_of(edition, project.unit)
    ledger_append(actor=actor, action="ballots.quota_set", obj=quota, payload={
        "project": project.pk, "unit": project.unit.code, "amount": amount, "note": quota.note,
        "over_budget": budget is not None and amount > budget,
    })
    return quota


def _ballot_frozen(edition: Edition, project: Project) -> bool:
    return BallotItem.objects.filter(ballot__edition=edition, project=project,
                                     ballot__frozen_at__isnull=False).exists()


def _kind_for(unit: Unit) -> str:
    return BallotKind.STREET if unit.kind == Unit.Kind.STREET else BallotKind.COMMUNITY


@transaction.atomic
def ballot_draw(*, edition: Edition, unit: Unit, project_ids: list[int], actor) -> Ballot:
    """Put the chosen projects (in ranked order, numbered 1..n) on the unit's ballot: community
    projects on a community ballot, street projects on the street ballot."""
    require(actor, "set_quotas", _street_of(unit), edition)
    kind = _kind_for(unit)
    level = Level.STREET if kind == BallotKind.STREET else Level.COMMUNITY
    budget = budget_of(edition, unit)
    if budget is None:
        raise Refused(_("%(unit)s has no budget commitment.") % {"unit": unit})
    ballot = Ballot.objects.select_for_update().filter(edition=edition, unit=unit, kind=kind).first()
    if ballot and ballot.is_frozen:
        raise Refused(_("This ballot is frozen and cannot change."))
    if not project_ids:
        raise Refused(_("Choose at least one project for the ballot."))
    if len(set(project_ids)) != len(project_ids):
        raise Refused(_("A project is listed twice."))
    if len(project_ids) > MAX_BALLOT_ITEMS:
        raise Refused(_("A ballot lists at most %(max)d projects (it prints on one A4 page); %(n)d were chosen.")
                      % {"max": MAX_BALLOT_ITEMS, "n": len(project_ids)})
    projects = {p.pk: p for p in Project.objects.live().filter(pk__in=project_ids)}
    quotas = current_quotas(edition, list(projects.values()))
    reasons = []
    for pid in project_ids:
        project = projects.get(pid)
        if project is None or project.edition_id != edition.pk or project.unit_id != unit.pk \
                or project.level != level:
            reasons.append(_("Project %(id)s is not a live %(level)s of %(unit)s.")
                           % {"id": pid, "level": Level(level).label, "unit": unit})
        elif pid not in quotas:
            reasons.append(_("%(title)s has no budget amount yet.") % {"title": project.title})
        elif quotas[pid].amount > budget:
            reasons.append(_("%(title)s costs more than the whole budget (%(budget)s yuan).")
                           % {"title": project.title, "budget": budget})
    if reasons:
        raise Refused(reasons)
    if ballot is None:
        ballot = Ballot(edition=edition, unit=unit, kind=kind)
    ballot.max_choices, ballot.budget = edition.max_choices, budget
    ballot.save()
    ballot.items.all().delete()
    BallotItem.objects.bulk_create([
        BallotItem(ballot=ballot, number=n, project_id=pid, title=projects[pid].title[:120],
                   amount=quotas[pid].amount)
        for n, pid in enumerate(project_ids, start=1)
    ])
    ledger_append(actor=actor, action="ballots.draw", obj=ballot, payload={
        "unit": unit.code, "kind": kind, "projects": project_ids,
    })
    return ballot


def ballot_fingerprint_data(ballot: Ballot) -> dict:
    """What the fingerprint covers: the edition, unit, kind, rules, budget and every item."""
    return {
        "edition": ballot.edition.slug,
        "unit": ballot.unit.code,
        "kind": ballot.kind,
        "max_choices": ballot.max_choices,
        "budget": ballot.budget,
        "items": [[i.number, i.project_id, i.title, i.amount] for i in ballot.items.order_by("number")],
    }


def ballot_fingerprint(ballot: Ballot) -> str:
    return hashlib.sha256(canonical_json(ballot_fingerprint_data(ballot))).hexdigest()


@transaction.atomic
def ballot_freeze(*, ballot: Ballot, actor) -> Ballot:
    """Freeze the ballot: from now on neither it nor its items change (the database refuses)."""
    ballot = Ballot.objects.select_for_update().select_related("edition", "unit").get(pk=ballot.pk)
    require(actor, "set_quotas", _street_of(ballot.unit), ballot.edition)
    if ballot.is_frozen:
        raise Refused(_("This ballot is already frozen."))
    if not ballot.items.exists():
        raise Refused(_("An empty ballot cannot be frozen."))
    data = ballot_fingerprint_data(ballot)
    ballot.fingerprint = hashlib.sha256(canonical_json(data)).hexdigest()
    ballot.frozen_at, ballot.frozen_by = timezone.now(), actor
    ballot.save(update_fields=["fingerprint", "frozen_at", "frozen_by"])
    ledger_append(actor=actor, action="ballots.freeze", obj=ballot,
                  payload={**data, "fingerprint": ballot.fingerprint})
    return ballot


@transaction.atomic
def print_run_create(*, ballot: Ballot, count: int, actor) -> PrintRun:
    """Reserve the next `count` sheet serials of a frozen ballot for printing."""
    ballot = Ballot.objects.select_for_update().select_related("edition", "unit").get(pk=ballot.pk)
    require(actor, "set_quotas", _street_of(ballot.unit), ballot.edition)
    if not ballot.is_frozen:
        raise Refused(_("Freeze the ballot before printing it."))
    if not 1 <= count <= MAX_SHEETS_PER_RUN:
        raise Refused(_("Print between 1 and %(max)d sheets at a time.") % {"max": MAX_SHEETS_PER_RUN})
    last = ballot.print_runs.aggregate(m=Max("first_serial"))["m"]
    first = 1
    if last is not None:
        run = ballot.print_runs.get(first_serial=last)
        first = run.last_serial + 1
    if first + count - 1 >= 1_000_000:
        raise Refused(_("This ballot has used up its sheet numbers."))
    run = PrintRun.objects.create(ballot=ballot, first_serial=first, count=count, printed_by=actor)
    ledger_append(actor=actor, action="ballots.print", obj=run, payload={
        "ballot": ballot.pk, "fingerprint": ballot.fingerprint, "first_serial": first, "count": count,
    })
    return run
