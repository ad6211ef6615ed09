"""Batch forms of registration and paper double entry, for loading a whole week at once (the
demo, imports from an offline station). The rules are the per-row rules, applied row by row:
the same permission, window, shift, box, eligibility and uniqueness checks, the same engine
validity; only the writes are bulk, with one ledger entry (and a digest) per batch."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot, BallotKind
from xihu.apps.ballots.sheets import parse_sheet_id
from xihu.apps.editions.access import require
from xihu.apps.ledger.services import ledger_append
from xihu.apps.proposals.models import RegisteredResident
from xihu.apps.voting.ages import age_band
from xihu.apps.voting.eligibility import check_voter
from xihu.apps.voting.models import Box, CastBallot, PaperEntry, Registration, SheetResult, Shift
from xihu.apps.voting.services.common import (
    ballot_for,
    closing_day,
    local_day,
    lock,
    require_open,
    require_window,
    voting_window,
)
from xihu.apps.voting.services.paper import (
    normalise_marks,
    print_runs,
    require_count_open,
    require_printed,
    sheet_ballot,
)
from xihu.bulk import insert_rows
from xihu.engine.ballots import check_approval
from xihu.errors import Refused


@dataclass(frozen=True)
class VoterIn:
    id_number: str
    basis: str
    at: datetime
    name: str = ""
    proof: str = ""
    resident: RegisteredResident | None = None


_REGISTRATION = ("edition_id", "ballot_kind", "voter_key", "community_id", "station_id", "box_id", "officer_id",
                 "registered_at", "basis", "proof", "mode", "age_band")
_PAPER = ("sheet_id", "ballot_id", "box_id", "operator_id", "choices", "entered_at")
_CAST = ("id", "ballot_id", "box_id", "day", "choices", "status", "invalid_reason", "source")
_RESULT = ("sheet_id", "cast_id", "how")


def _digest(rows) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def voters_register_batch(*, box: Box, officer, voters: list[VoterIn],
                          kinds: tuple[str, ...] = (BallotKind.COMMUNITY, BallotKind.STREET),
                          mode: str = Registration.Mode.PAPER) -> int:
    """Register many people at one box by one officer; refuses the whole batch on any refusal.
    Returns the registrations written (one per person and ballot kind)."""
    station, community = box.station, box.community
    edition = station.edition
    require(officer, "run_station", community, edition)
    require_open(box)
    for kind in kinds:
        ballot_for(edition, community, kind)
    shift_days = set(Shift.objects.filter(station=station, officer=officer).values_list("day", flat=True))
    window = voting_window(edition)
    rows, keys = [], set()
    for voter in voters:
        require_window(edition, voter.at, window)
        day = local_day(voter.at)
        if day not in shift_days:
            raise Refused(_("You are not on shift at %(station)s today.") % {"station": station})
        checked = check_voter(community=community, id_number=voter.id_number, name=voter.name,
                              basis=voter.basis, proof=voter.proof, resident=voter.resident,
                              min_age=edition.min_age, on=day)
        if checked.key in keys:
            raise Refused(_("The same person appears twice in the batch."))
        keys.add(checked.key)
        band = age_band(checked.birth_date, day)
        rows.extend((edition.pk, kind, checked.key, community.pk, station.pk, box.pk, officer.pk, voter.at,
                     checked.basis, checked.proof, mode, band) for kind in kinds)
    if Registration.objects.filter(edition=edition, ballot_kind__in=kinds, voter_key__in=keys).exists():
        raise Refused(_("Someone in the batch is registered already."))
    try:
        with transaction.atomic():
            created = insert_rows(Registration, _REGISTRATION, rows)
    except IntegrityError:
        raise Refused(_("Someone in the batch was registered elsewhere at the same moment.")) from None
    ledger_append(actor=officer, action="voting.register_batch", object_type="voting.box",
                  object_id=str(box.pk), payload={
                      "community": community.code, "station": station.pk, "box": box.pk,
                      "people": len(keys), "kinds": list(kinds), "mode": mode,
                      "first": min(v.at for v in voters).isoformat() if voters else None,
                      "last": max(v.at for v in voters).isoformat() if voters else None,
                  })
    return created


@dataclass(frozen=True)
class SheetIn:
    sheet_id: str
    first: list[int]   # what the first operator entered
    second: list[int]  # what the second operator entered


@transaction.atomic
def paper_enter_batch(*, box: Box, first_operator, second_operator, sheets: list[SheetIn],
                      now: datetime) -> tuple[int, list[str]]:
    """Both operators' entries of fresh sheets of one box: (ballots counted, mismatched sheet IDs).
    Mismatches wait for paper_adjudicate, exactly as with the per-sheet path."""
    edition = box.station.edition
    require(first_operator, "count", box.community, edition)
    require(second_operator, "count", box.community, edition)
    if first_operator.pk == second_operator.pk:
        raise Refused(_("The two entries must be made by two different operators."))
    lock(f"box-paper.{box.pk}")
    require_count_open(box)
    ballots: dict[int, Ballot] = {}
    runs: dict[int, list[tuple[int, int]]] = {}
    entries, casts, results, mismatched, ids = [], [], [], [], set()
    day = closing_day(edition, now)
    cache: dict = {}
    for sheet in sheets:
        parsed = parse_sheet_id(sheet.sheet_id or "")
        if parsed is not None and parsed[0] in ballots:  # this ballot was checked for this box already
            sid, ballot = sheet.sheet_id.strip().upper(), ballots[parsed[0]]
            require_printed(sid, ballot, parsed[1], runs[ballot.pk])
        else:
            sid, ballot = sheet_ballot(sheet.sheet_id, box)
            ballots[ballot.pk], runs[ballot.pk] = ballot, print_runs(ballot)
        if sid in ids:
            raise Refused(_("Sheet %(sheet)s appears twice in the batch.") % {"sheet": sid})
        ids.add(sid)
        first, second = normalise_marks(sheet.first), normalise_marks(sheet.second)
        entries += [(sid, ballot.pk, box.pk, first_operator.pk, first, now),
                    (sid, ballot.pk, box.pk, second_operator.pk, second, now)]
        if first != second:
            mismatched.append(sid)
            continue
        status, reason = _checked(ballot, first, cache)
        cast = uuid.uuid4()
        casts.append((cast, ballot.pk, box.pk, day, first, status, reason, CastBallot.Source.PAPER))
        results.append((sid, cast, SheetResult.How.MATCHED))
    if PaperEntry.objects.filter(sheet_id__in=ids).exists():
        raise Refused(_("Some sheets of the batch were entered before; enter them one by one."))
    try:
        with transaction.atomic():
            insert_rows(PaperEntry, _PAPER, entries)
            insert_rows(CastBallot, _CAST, casts)
            insert_rows(SheetResult, _RESULT, results)
    except IntegrityError:
        raise Refused(_("Some sheets of the batch were counted already.")) from None
    ledger_append(actor=first_operator, action="voting.paper_batch", object_type="voting.box",
                  object_id=str(box.pk), payload={
                      "box": box.pk, "second_operator": second_operator.get_username(),
                      "sheets": len(ids), "counted": len(casts), "mismatched": mismatched,
                      "digest": _digest(sorted((sid, operator, choices) for sid, _b, _x, operator, choices, _t in entries)),
                  })
    return len(casts), mismatched


def _checked(ballot: Ballot, marks: list[int], cache: dict) -> tuple[str, str]:
    """checked_ballot (the engine's check), with the ballot's item numbers read once per batch
    and the verdict memoised per (ballot, marks)."""
    key = (ballot.pk, tuple(marks))
    if key not in cache:
        known = cache.get(ballot.pk)
        if known is None:
            known = cache[ballot.pk] = [str(n) for n in ballot.items.values_list("number", flat=True)]
        check = check_approval([str(c) for c in marks], known, ballot.max_choices)
        cache[key] = (str(check.status), str(check.reason or ""))
    return cache[key]
