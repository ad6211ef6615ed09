"""Writes for screening assemblies. Each is atomic, checks "hold_assembly" for the community and
records itself in the public ledger (never with names, households or phones)."""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.assemblies import seating
from xihu.apps.assemblies.models import (
    NOMINATIONS_PER_TABLE,
    TABLE_MAX_RESIDENTS,
    TABLE_MIN_RESIDENTS,
    Assembly,
    AssemblyItem,
    Attendee,
    Nomination,
    PlenaryBallot,
    RoundTable,
)
from xihu.apps.assemblies.selectors import summary_projects
from xihu.apps.editions.access import require
from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused

MAX_TABLES = 40


def _check_tables(tables: int) -> None:
    if not 1 <= tables <= MAX_TABLES:
        raise Refused(_("An assembly has between 1 and %(max)d round tables.") % {"max": MAX_TABLES})


@transaction.atomic
def assembly_schedule(*, edition: Edition, unit: Unit, venue: str, starts_at: datetime,
                      tables: int, actor, max_choices: int = 10, open_to_all: bool = True) -> Assembly:
    """Schedule (or reschedule) the community's assembly; its summary table is numbered now."""
    require(actor, "hold_assembly", unit, edition)
    _check_tables(tables)
    if not 1 <= max_choices <= 60:
        raise Refused(_("A plenary ballot allows between 1 and 60 choices."))
    if not venue.strip():
        raise Refused(_("Give the venue."))
    assembly = Assembly.objects.select_for_update().filter(edition=edition, unit=unit).first()
    if assembly and assembly.plenary_ballots.exists() and max_choices != assembly.max_choices:
        raise Refused(_("Plenary ballots were entered: the number of choices can no longer change."))
    created = assembly is None
    if created:
        assembly = Assembly(edition=edition, unit=unit, created_by=actor)
    assembly.venue, assembly.starts_at, assembly.tables = venue.strip(), starts_at, tables
    assembly.max_choices, assembly.open_to_all = max_choices, open_to_all
    assembly.save()
    for number in range(1, tables + 1):
        RoundTable.objects.get_or_create(assembly=assembly, number=number)
    unseated = assembly.attendees.filter(table_no__gt=tables).update(table_no=None)
    if created:
        _number_summary_table(assembly)
    ledger_append(actor=actor, action="assembly.schedule", obj=assembly, payload={
        "unit": unit.code, "venue": assembly.venue, "starts_at": starts_at.isoformat(),
        "tables": tables, "max_choices": max_choices, "open_to_all": open_to_all,
        "projects": assembly.items.count(), "unseated": unseated,
    })
    return assembly


def _number_summary_table(assembly: Assembly) -> None:
    AssemblyItem.objects.bulk_create([
        AssemblyItem(assembly=assembly, number=n, project=p)
        for n, p in enumerate(summary_projects(assembly.edition, assembly.unit), start=1)
    ])


@transaction.atomic
def assembly_refresh_summary(*, assembly: Assembly, actor) -> int:
    """Renumber the summary table from the live projects, allowed until the plenary starts."""
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    if assembly.plenary_ballots.exists():
        raise Refused(_("Plenary ballots were entered: the summary table can no longer change."))
    if Nomination.objects.filter(table__assembly=assembly).exists():
        raise Refused(_("Tables have nominated projects: the summary table can no longer change."))
    assembly.items.all().delete()
    _number_summary_table(assembly)
    count = assembly.items.count()
    ledger_append(actor=actor, action="assembly.refresh_summary", obj=assembly,
                  payload={"projects": count})
    return count


@transaction.atomic
def attendee_add(*, assembly: Assembly, name: str, actor, category: str = Attendee.Category.RESIDENT,
                 table_role: str = Attendee.TableRole.RESIDENT, household=None,
                 household_text: str = "", phone: str = "", organisation=None,
                 at_door: bool = False) -> Attendee:
    """Invite someone, or (at_door=True) register and check in a resident who just came."""
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    name = name.strip()
    if not name:
        raise Refused(_("Give the attendee's name."))
    if category not in Attendee.Category.values or table_role not in Attendee.TableRole.values:
        raise Refused(_("Unknown category or table role."))
    if household is not None and household.community_id != assembly.unit_id:
        raise Refused(_("That household is registered in another community."))
    if table_role == Attendee.TableRole.ADVISER and organisation is None:
        raise Refused(_("A technical adviser comes from a social organisation: choose it."))
    if at_door and not assembly.open_to_all:
        raise Refused(_("This assembly is by invitation only."))
    attendee = Attendee.objects.create(
        assembly=assembly, name=name, category=category, table_role=table_role,
        household=household, household_text=household_text.strip(), phone=phone.strip(),
        organisation=organisation, invited=not at_door,
        checked_in_at=timezone.now() if at_door else None,
    )
    ledger_append(actor=actor, action="assembly.attendee_add", obj=attendee, payload={
        "assembly": assembly.pk, "category": category, "table_role": table_role, "at_door": at_door,
    })
    return attendee


@transaction.atomic
def attendees_invite_register(*, assembly: Assembly, actor) -> int:
    """Invite every registered resident of the community old enough to vote (the edition's
    minimum age on the assembly's day) who is not invited yet."""
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    from xihu.apps.proposals.models import RegisteredResident

    known = set(assembly.attendees.exclude(household=None).values_list("household_id", "name"))
    day = timezone.localtime(assembly.starts_at).date()
    born_by = _years_before(day, assembly.edition.min_age)
    residents = RegisteredResident.objects.filter(household__community=assembly.unit,
                                                  birth_date__lte=born_by)
    new = [
        Attendee(assembly=assembly, name=r.name, household_id=r.household_id, invited=True)
        for r in residents.only("name", "household_id")
        if (r.household_id, r.name) not in known
    ]
    Attendee.objects.bulk_create(new)
    ledger_append(actor=actor, action="assembly.invite_register", obj=assembly,
                  payload={"invited": len(new)})
    return len(new)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@transaction.atomic
def attendee_check_in(*, attendee: Attendee, actor) -> Attendee:
    require(actor, "hold_assembly", attendee.assembly.unit, attendee.assembly.edition)
    attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
    if attendee.checked_in_at:
        raise Refused(_("%(name)s is already checked in.") % {"name": attendee.name})
    attendee.checked_in_at = timezone.now()
    attendee.save(update_fields=["checked_in_at"])
    ledger_append(actor=actor, action="assembly.check_in", obj=attendee,
                  payload={"assembly": attendee.assembly_id})
    return attendee


@transaction.atomic
def attendee_set_role(*, attendee: Attendee, table_role: str, actor, organisation=None) -> Attendee:
    require(actor, "hold_assembly", attendee.assembly.unit, attendee.assembly.edition)
    if table_role not in Attendee.TableRole.values:
        raise Refused(_("Unknown category or table role."))
    organisation = organisation or attendee.organisation
    if table_role == Attendee.TableRole.ADVISER and organisation is None:
        raise Refused(_("A technical adviser comes from a social organisation: choose it."))
    attendee.table_role, attendee.organisation = table_role, organisation
    attendee.save(update_fields=["table_role", "organisation"])
    ledger_append(actor=actor, action="assembly.set_role", obj=attendee,
                  payload={"assembly": attendee.assembly_id, "table_role": table_role})
    return attendee


@transaction.atomic
def assembly_seat(*, assembly: Assembly, actor) -> dict[int, list[str]]:
    """Seat every checked-in attendee; returns the warnings per table (empty lists: all well)."""
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    present = list(assembly.attendees.filter(checked_in_at__isnull=False))
    if not present:
        raise Refused(_("Nobody is checked in yet."))
    people = [seating.Person(a.pk, a.table_role, a.household_key) for a in present]
    tables = seating.seat(people, assembly.tables)
    table_of = {p.key: t.number for t in tables for p in t.members}
    for attendee in present:
        attendee.table_no = table_of[attendee.pk]
    Attendee.objects.bulk_update(present, ["table_no"])
    found = seating.warnings(tables, TABLE_MIN_RESIDENTS, TABLE_MAX_RESIDENTS)
    ledger_append(actor=actor, action="assembly.seat", obj=assembly, payload={
        "tables": {str(t.number): len(t.members) for t in tables},
        "warnings": sum(len(w) for w in found.values()),
    })
    return found


@transaction.atomic
def attendee_move(*, attendee: Attendee, table_no: int, actor) -> Attendee:
    assembly = attendee.assembly
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    if not 1 <= table_no <= assembly.tables:
        raise Refused(_("There is no table %(n)d.") % {"n": table_no})
    if not attendee.checked_in_at:
        raise Refused(_("Check %(name)s in first.") % {"name": attendee.name})
    attendee.table_no = table_no
    attendee.save(update_fields=["table_no"])
    ledger_append(actor=actor, action="assembly.move", obj=attendee,
                  payload={"assembly": assembly.pk, "table": table_no})
    return attendee


@transaction.atomic
def table_record(*, table: RoundTable, notes: str, nominations: list[tuple[int, str]], actor) -> RoundTable:
    """The recorder's notes and the table's 3 nominations [(project id, short reason)]."""
    assembly = table.assembly
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    reasons = []
    if len(nominations) != NOMINATIONS_PER_TABLE:
        reasons.append(_("A table nominates exactly %(n)d projects (%(given)d given).")
                       % {"n": NOMINATIONS_PER_TABLE, "given": len(nominations)})
    project_ids = [pid for pid, _reason in nominations]
    if len(set(project_ids)) != len(project_ids):
        reasons.append(_("The same project is nominated twice."))
    listed = set(assembly.items.values_list("project_id", flat=True))
    if any(pid not in listed for pid in project_ids):
        reasons.append(_("Only projects of the summary table can be nominated."))
    for _pid, why in nominations:
        if not why.strip():
            reasons.append(_("Give a short reason for each nomination."))
            break
        if len(why) > 200:
            reasons.append(_("Keep each reason under 200 characters."))
            break
    if reasons:
        raise Refused(reasons)
    table = RoundTable.objects.select_for_update().get(pk=table.pk)
    table.notes, table.recorded_at = notes.strip(), timezone.now()
    table.save(update_fields=["notes", "recorded_at"])
    table.nominations.all().delete()
    Nomination.objects.bulk_create([
        Nomination(table=table, position=n, project_id=pid, reason=why.strip())
        for n, (pid, why) in enumerate(nominations, start=1)
    ])
    ledger_append(actor=actor, action="assembly.table_record", obj=table, payload={
        "assembly": assembly.pk, "table": table.number, "nominations": project_ids,
        "reasons": [why.strip() for _pid, why in nominations],
    })
    return table


def blank_refusal(choices: list, blank: bool) -> str | None:
    """A blank ballot is an explicit act: no choices without `blank`, no choices with it."""
    if blank and choices:
        return _("A ballot marked blank cannot have choices.")
    if not blank and not choices:
        return _("No project is ticked: to enter a blank ballot, say so (tick “blank ballot”).")
    return None


@transaction.atomic
def plenary_ballot_enter(*, assembly: Assembly, choices: list[int], actor,
                         channel: str = PlenaryBallot.Channel.PAPER,
                         corrects: PlenaryBallot | None = None, blank: bool = False) -> PlenaryBallot:
    """Record one plenary ballot exactly as cast: a ballot with more choices than allowed is
    kept and counted as invalid; a blank ballot only when `blank` says so. A correction
    replaces the ballot it points at."""
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    if (why := blank_refusal(choices, blank)) is not None:
        raise Refused(why)
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if channel not in PlenaryBallot.Channel.values:
        raise Refused(_("Unknown channel."))
    listed = set(assembly.items.values_list("project_id", flat=True))
    unknown = [c for c in choices if c not in listed]
    if unknown:
        raise Refused(_("Not on the summary table: %(ids)s.") % {"ids": unknown})
    if len(set(choices)) != len(choices):
        raise Refused(_("A project is ticked twice."))
    ballots = PlenaryBallot.objects.filter(assembly=assembly)
    if corrects is not None:
        if corrects.assembly_id != assembly.pk:
            raise Refused(_("That ballot belongs to another assembly."))
        if PlenaryBallot.objects.filter(corrects=corrects).exists():
            raise Refused(_("That ballot was already corrected."))
    else:
        counted = ballots.count() - ballots.exclude(corrects=None).count()
        present = assembly.attendees.filter(checked_in_at__isnull=False).count()
        if counted >= present:
            raise Refused(_("Already %(n)d ballots for %(present)d checked-in attendees.")
                          % {"n": counted, "present": present})
    serial = (ballots.aggregate(m=Max("serial"))["m"] or 0) + 1
    ballot = PlenaryBallot.objects.create(
        assembly=assembly, serial=serial, choices=sorted(choices), channel=channel,
        corrects=corrects, entered_by=actor,
    )
    ledger_append(actor=actor, action="assembly.plenary_ballot", obj=ballot, payload={
        "assembly": assembly.pk, "serial": serial, "choices": ballot.choices, "channel": channel,
        "corrects": corrects.serial if corrects else None, "blank": blank,
    })
    return ballot
