"""Batch forms of the assembly services, for typing up a whole assembly at once (an invitation
list, the check-in sheet, the plenary's paper ballots) and for the simulator. Each line gets the
checks of its per-item service (services.py), the batch is refused whole, with line numbers, if
any line is wrong, and each line writes the ledger entry its per-item service writes; only the
permission check and the reads are done once per batch."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.assemblies.models import Assembly, Attendee, PlenaryBallot
from xihu.apps.assemblies.services import blank_refusal
from xihu.apps.editions.access import require
from xihu.apps.ledger.services import ledger_append
from xihu.errors import Refused


@dataclass(frozen=True)
class AttendeeIn:
    name: str
    category: str = Attendee.Category.RESIDENT
    table_role: str = Attendee.TableRole.RESIDENT
    household: object | None = None
    household_text: str = ""
    phone: str = ""
    organisation: object | None = None
    at_door: bool = False


def _line_errors(assembly: Assembly, line: AttendeeIn) -> list[str]:
    errors = []
    if not line.name.strip():
        errors.append(_("Give the attendee's name."))
    if line.category not in Attendee.Category.values or line.table_role not in Attendee.TableRole.values:
        errors.append(_("Unknown category or table role."))
    if line.household is not None and line.household.community_id != assembly.unit_id:
        errors.append(_("That household is registered in another community."))
    if line.table_role == Attendee.TableRole.ADVISER and line.organisation is None:
        errors.append(_("A technical adviser comes from a social organisation: choose it."))
    if line.at_door and not assembly.open_to_all:
        errors.append(_("This assembly is by invitation only."))
    return errors


@transaction.atomic
def attendees_add_batch(*, assembly: Assembly, attendees: list[AttendeeIn], actor) -> list[Attendee]:
    """Many attendee_add at once: invitations, and (at_door=True) residents who just came."""
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    errors = [f"#{n}: {e}" for n, line in enumerate(attendees, start=1) for e in _line_errors(assembly, line)]
    if errors:
        raise Refused(errors)
    now = timezone.now()
    made = Attendee.objects.bulk_create([
        Attendee(assembly=assembly, name=line.name.strip(), category=line.category, table_role=line.table_role,
                 household=line.household, household_text=line.household_text.strip(),
                 phone=line.phone.strip(), organisation=line.organisation, invited=not line.at_door,
                 checked_in_at=now if line.at_door else None)
        for line in attendees])
    for attendee, line in zip(made, attendees, strict=True):
        ledger_append(actor=actor, action="assembly.attendee_add", obj=attendee, payload={
            "assembly": assembly.pk, "category": line.category, "table_role": line.table_role,
            "at_door": line.at_door,
        })
    return made


@transaction.atomic
def attendees_check_in_batch(*, assembly: Assembly, attendees: list[Attendee], actor) -> list[Attendee]:
    """Many attendee_check_in at once (the sign-in sheet typed up)."""
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    locked = {a.pk: a for a in Attendee.objects.select_for_update().filter(pk__in=[a.pk for a in attendees])}
    errors, seen = [], set()
    for number, given in enumerate(attendees, start=1):
        attendee = locked.get(given.pk)
        if attendee is None or attendee.assembly_id != assembly.pk:
            errors.append(f"#{number}: " + _("That attendee belongs to another assembly."))
        elif attendee.checked_in_at or attendee.pk in seen:
            errors.append(f"#{number}: " + _("%(name)s is already checked in.") % {"name": attendee.name})
        seen.add(given.pk)
    if errors:
        raise Refused(errors)
    now = timezone.now()
    rows = [locked[a.pk] for a in attendees]
    for attendee in rows:
        attendee.checked_in_at = now
    Attendee.objects.bulk_update(rows, ["checked_in_at"], batch_size=500)
    for attendee in rows:
        ledger_append(actor=actor, action="assembly.check_in", obj=attendee, payload={"assembly": assembly.pk})
    return rows


@transaction.atomic
def plenary_ballots_enter_batch(*, assembly: Assembly, ballots: list[tuple], actor) -> list[PlenaryBallot]:
    """Many plenary_ballot_enter at once [(choices, channel)] or [(choices, channel, blank)], in the
    order given (no corrections: a correction is entered on its own). Each ballot is kept exactly
    as cast; as one by one, an empty ballot needs `blank` said (True)."""
    ballots = [(list(b[0]), b[1], bool(b[2]) if len(b) > 2 else False) for b in ballots]
    require(actor, "hold_assembly", assembly.unit, assembly.edition)
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    listed = set(assembly.items.values_list("project_id", flat=True))
    existing = PlenaryBallot.objects.filter(assembly=assembly)
    counted = existing.count() - existing.exclude(corrects=None).count()
    present = assembly.attendees.filter(checked_in_at__isnull=False).count()
    errors = []
    for number, (choices, channel, blank) in enumerate(ballots, start=1):
        if channel not in PlenaryBallot.Channel.values:
            errors.append(f"#{number}: " + _("Unknown channel."))
        if (why := blank_refusal(choices, blank)) is not None:
            errors.append(f"#{number}: " + why)
        unknown = [c for c in choices if c not in listed]
        if unknown:
            errors.append(f"#{number}: " + _("Not on the summary table: %(ids)s.") % {"ids": unknown})
        if len(set(choices)) != len(choices):
            errors.append(f"#{number}: " + _("A project is ticked twice."))
    if counted + len(ballots) > present:
        errors.append(_("Already %(n)d ballots for %(present)d checked-in attendees.")
                      % {"n": counted + len(ballots), "present": present})
    if errors:
        raise Refused(errors)
    serial = existing.aggregate(m=Max("serial"))["m"] or 0
    made = PlenaryBallot.objects.bulk_create([
        PlenaryBallot(assembly=assembly, serial=serial + n, choices=sorted(choices), channel=channel,
                      entered_by=actor)
        for n, (choices, channel, _blank) in enumerate(ballots, start=1)])
    for ballot in made:
        ledger_append(actor=actor, action="assembly.plenary_ballot", obj=ballot, payload={
            "assembly": assembly.pk, "serial": ballot.serial, "choices": ballot.choices,
            "channel": ballot.channel, "corrects": None, "blank": not ballot.choices,
        })
    return made
