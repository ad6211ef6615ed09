"""Paper sheets after the close: double entry by two operators, adjudication of mismatches by
a counter and a scrutineer together. A sheet gives at most one cast ballot (SheetResult)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot, PrintRun
from xihu.apps.ballots.sheets import parse_sheet_id
from xihu.apps.editions.access import require
from xihu.apps.ledger.services import ledger_append
from xihu.apps.results.models import SessionClose
from xihu.apps.voting.models import Adjudication, Box, CastBallot, PaperEntry, SheetResult
from xihu.apps.voting.services.ballots import cast_ballot_create
from xihu.apps.voting.services.common import closing_day, lock
from xihu.errors import Refused


class Outcome:
    WAITING = "waiting"      # first entry stored, the second operator's is awaited
    MATCHED = "matched"      # the two entries agree: the ballot is counted
    MISMATCH = "mismatch"    # they differ: a counter and a scrutineer adjudicate


@dataclass(frozen=True)
class EntryResult:
    outcome: str
    entry: PaperEntry
    cast: CastBallot | None = None


def normalise_marks(choices) -> list[int]:
    """Marks on paper have no order and cannot repeat: the sorted distinct item numbers."""
    try:
        return sorted({int(c) for c in choices})
    except (TypeError, ValueError):
        raise Refused(_("Marks are item numbers.")) from None


def sheet_ballot(sheet_id: str, box: Box) -> tuple[str, Ballot]:
    """The normalised sheet ID and its ballot, checked against the box being counted."""
    parsed = parse_sheet_id(sheet_id or "")
    if parsed is None:
        raise Refused(_("“%(sheet)s” is not a sheet ID (like B12-000345).") % {"sheet": sheet_id})
    ballot = Ballot.objects.filter(pk=parsed[0], frozen_at__isnull=False).first()
    edition = box.station.edition
    allowed_units = {box.community_id, box.community.parent_id}
    if ballot is None or ballot.edition_id != edition.pk or ballot.unit_id not in allowed_units:
        raise Refused(_("Sheet %(sheet)s is not a ballot of this box's community or street.")
                      % {"sheet": sheet_id})
    require_printed(sheet_id.strip().upper(), ballot, parsed[1])
    return sheet_id.strip().upper(), ballot


def print_runs(ballot: Ballot) -> list[tuple[int, int]]:
    """(first, last) serial of each print run of the ballot, in order."""
    return [(first, first + count - 1) for first, count in
            PrintRun.objects.filter(ballot=ballot).order_by("first_serial").values_list("first_serial", "count")]


def require_printed(sheet: str, ballot: Ballot, serial: int, runs: list[tuple[int, int]] | None = None) -> None:
    """Refuse a sheet ID that no print run of its ballot produced (a copied or made-up sheet)."""
    runs = print_runs(ballot) if runs is None else runs
    if any(first <= serial <= last for first, last in runs):
        return
    if not runs:
        raise Refused(_("Sheet %(sheet)s was never printed: its ballot has no print run.") % {"sheet": sheet})
    raise Refused(_("Sheet %(sheet)s was never printed: the sheets printed for this ballot are %(runs)s.")
                  % {"sheet": sheet, "runs": ", ".join(f"{a}–{b}" for a, b in runs)})


def require_count_open(box: Box) -> None:
    """Refuse paper after the community's count session was closed and signed off."""
    if SessionClose.objects.filter(session__community_id=box.community_id,
                                   session__edition_id=box.station.edition_id).exists():
        raise Refused(_("The count of %(unit)s was closed and signed off; no more sheets can be "
                        "entered or adjudicated.") % {"unit": box.community})


def _refuse_if_settled(sheet: str) -> None:
    if SheetResult.objects.filter(sheet_id=sheet).exists():
        raise Refused(_("Sheet %(sheet)s has been entered twice and counted already.") % {"sheet": sheet})


@transaction.atomic
def paper_enter(*, box: Box, operator, sheet_id: str, choices, now: datetime | None = None) -> EntryResult:
    """One operator's independent reading of one sheet."""
    now = now or timezone.now()
    require(operator, "count", box.community, box.station.edition)
    require_count_open(box)
    sheet, ballot = sheet_ballot(sheet_id, box)
    marks = normalise_marks(choices)
    if any(m < 1 for m in marks):
        raise Refused(_("Marks are item numbers."))
    lock(f"sheet.{sheet}")
    _refuse_if_settled(sheet)
    earlier = list(PaperEntry.objects.filter(sheet_id=sheet).order_by("entered_at", "pk"))
    if any(e.operator_id == operator.pk for e in earlier):
        raise Refused(_("You entered sheet %(sheet)s already; the second entry must be another "
                        "operator's.") % {"sheet": sheet})
    if len(earlier) >= 2:
        raise Refused(_("Sheet %(sheet)s has two different entries and awaits adjudication.")
                      % {"sheet": sheet})
    entry = PaperEntry.objects.create(sheet_id=sheet, ballot=ballot, box=box, operator=operator,
                                      choices=marks, entered_at=now)
    payload = {"sheet": sheet, "box": box.pk, "entry": len(earlier) + 1}
    if not earlier:
        ledger_append(actor=operator, action="voting.paper_entry", obj=entry, payload=payload)
        return EntryResult(Outcome.WAITING, entry)
    first = earlier[0]
    if first.choices == marks and first.box_id == box.pk:
        cast = _settle(sheet=sheet, ballot=ballot, box=box, choices=marks, how=SheetResult.How.MATCHED,
                       now=now)
        ledger_append(actor=operator, action="voting.paper_entry", obj=entry,
                      payload={**payload, "outcome": Outcome.MATCHED})
        return EntryResult(Outcome.MATCHED, entry, cast)
    ledger_append(actor=operator, action="voting.paper_entry", obj=entry,
                  payload={**payload, "outcome": Outcome.MISMATCH})
    return EntryResult(Outcome.MISMATCH, entry)


def _settle(*, sheet: str, ballot: Ballot, box: Box, choices: list[int], how: str,
            now: datetime) -> CastBallot:
    try:
        with transaction.atomic():
            cast = cast_ballot_create(ballot=ballot, box=box, day=closing_day(ballot.edition, now),
                                      choices=choices, source=CastBallot.Source.PAPER)
            SheetResult.objects.create(sheet_id=sheet, cast=cast, how=how)
    except IntegrityError:
        raise Refused(_("Sheet %(sheet)s has been counted already.") % {"sheet": sheet}) from None
    return cast


def pending_mismatches(box: Box | None = None, community=None,
                       edition=None) -> list[tuple[PaperEntry, PaperEntry]]:
    """Sheets with two differing entries and no result yet."""
    entries = PaperEntry.objects.exclude(sheet_id__in=SheetResult.objects.values("sheet_id"))
    if edition is not None:
        entries = entries.filter(box__station__edition=edition)
    if box is not None:
        entries = entries.filter(box=box)
    if community is not None:
        entries = entries.filter(box__community=community)
    by_sheet: dict[str, list[PaperEntry]] = {}
    for entry in entries.select_related("operator", "box__station", "ballot").order_by("sheet_id", "entered_at", "pk"):
        by_sheet.setdefault(entry.sheet_id, []).append(entry)
    return [(rows[0], rows[1]) for rows in by_sheet.values() if len(rows) >= 2]


@transaction.atomic
def paper_adjudicate(*, sheet_id: str, counter, scrutineer, choices, note: str, box: Box | None = None,
                     now: datetime | None = None) -> Adjudication:
    """A counter and a scrutineer decide together what a disputed sheet says; both entries stay."""
    now = now or timezone.now()
    sheet = (sheet_id or "").strip().upper()
    lock(f"sheet.{sheet}")
    entries = list(PaperEntry.objects.filter(sheet_id=sheet).select_related("box__station__edition",
                                                                               "box__community")
                   .order_by("entered_at", "pk"))
    if len(entries) < 2:
        raise Refused(_("Sheet %(sheet)s has no two entries to adjudicate.") % {"sheet": sheet})
    first, second = entries[0], entries[1]
    box = box or first.box
    if box.pk not in (first.box_id, second.box_id):
        raise Refused(_("The sheet was entered in another box."))
    edition = box.station.edition
    require(counter, "count", box.community, edition)
    require(scrutineer, "scrutinise", box.community, edition)
    require_count_open(box)
    if counter.pk == scrutineer.pk:
        raise Refused(_("The counter and the scrutineer must be two different people."))
    if not note.strip():
        raise Refused(_("Write down why the sheet reads so."))
    _refuse_if_settled(sheet)
    marks = normalise_marks(choices)
    adjudication = Adjudication.objects.create(
        sheet_id=sheet, first=first, second=second, choices=marks, note=note.strip(),
        counter=counter, scrutineer=scrutineer, decided_at=now)
    _settle(sheet=sheet, ballot=first.ballot, box=box, choices=marks, how=SheetResult.How.ADJUDICATED,
            now=now)
    ledger_append(actor=counter, action="voting.paper_adjudicate", obj=adjudication, payload={
        "sheet": sheet, "box": box.pk, "scrutineer": scrutineer.get_username(),
        "first": first.choices, "second": second.choices, "decided": marks, "note": note.strip(),
    })
    return adjudication
