"""What a box's seals committed to in the log, and whether the box still holds it.

At every seal and reopening the service writes, in the log entry, the digest of the box's
electronic ballots and of its paper entries so far (xihu.engine.seals: order-free Merkle
roots, no voter, no time). Reading them back from the log (not from the seal rows, which a
database administrator could change with the ballots), the count checks:

- each reopening found the electronic ballots the seal before it left (nothing changed
  overnight);
- the electronic ballots in the box now are those its last seal committed to;
- the paper entries made before each seal are those that seal committed to;
- the receipts handed out in each sealing period are those its seal committed to, and the box
  holds as many electronic ballots as receipts were handed out.

A receipt code's proof (receipt_check) is its leaf's path to the digest its seal committed to,
read back from the log entry, whose own inclusion in a signed tree head the log proves.
"""

from bisect import bisect_right
from dataclasses import dataclass

from django.utils.translation import gettext as _

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.voting.models import (
    Adjudication,
    BallotReceipt,
    Box,
    CastBallot,
    PaperEntry,
    Seal,
    SheetResult,
)
from xihu.apps.voting.receipts import receipt_hash
from xihu.clock import local_minute
from xihu.engine import seals


def box_key(box: Box) -> str:
    """The box's name in the open-data export and in the log: community:station id:box code."""
    return f"{box.community.code}:{box.station_id}:{box.code}"


def ballot_leaves(records, fingerprints: dict[int, str]) -> list[bytes]:
    return [seals.ballot_leaf(fingerprints[ballot_id], choices, status, reason, source)
            for ballot_id, choices, status, reason, source in records.values_list(
                "ballot_id", "choices", "status", "invalid_reason", "source")]


def _fingerprints(box: Box) -> dict[int, str]:
    from xihu.apps.ballots.models import Ballot

    return dict(Ballot.objects.filter(edition=box.station.edition_id).values_list("pk", "fingerprint"))


def electronic_digest(box: Box, fingerprints: dict[int, str] | None = None) -> tuple[int, str]:
    records = CastBallot.objects.filter(box=box, source=CastBallot.Source.ELECTRONIC)
    leaves = ballot_leaves(records, fingerprints or _fingerprints(box))
    return len(leaves), seals.contents_digest(leaves)


def ballots_digest(box: Box, fingerprints: dict[int, str] | None = None) -> tuple[int, str]:
    """Every ballot of the box, electronic and paper (what a count sign-off commits to)."""
    leaves = ballot_leaves(CastBallot.objects.filter(box=box), fingerprints or _fingerprints(box))
    return len(leaves), seals.contents_digest(leaves)


def paper_entries_digest(box: Box, until=None, fingerprints: dict[int, str] | None = None) -> tuple[int, str]:
    fingerprints = fingerprints or _fingerprints(box)
    entries = PaperEntry.objects.filter(box=box)
    if until is not None:
        entries = entries.filter(entered_at__lte=until)
    leaves = [seals.paper_entry_leaf(sheet, fingerprints[ballot_id], choices, operator)
              for sheet, ballot_id, choices, operator in entries.values_list(
                  "sheet_id", "ballot_id", "choices", "operator__username")]
    return len(leaves), seals.contents_digest(leaves)


def _paper_digests_at(box: Box, times: list, fingerprints: dict[int, str]) -> dict:
    """paper_entries_digest(box, until=t) for each of `times`, reading the box's entries once."""
    entries = sorted(PaperEntry.objects.filter(box=box).values_list(
        "entered_at", "sheet_id", "ballot_id", "choices", "operator__username"), key=lambda e: e[0])
    leaves = [seals.paper_entry_leaf(sheet, fingerprints[ballot_id], choices, operator)
              for _at, sheet, ballot_id, choices, operator in entries]
    at = [e[0] for e in entries]
    return {t: seals.contents_digest(leaves[:bisect_right(at, t)]) for t in set(times)}


def period_receipts(box: Box, period: Seal | None) -> list[str]:
    """The receipt hashes handed out at the box since `period` (its reopening; None: before
    its first seal)."""
    return list(BallotReceipt.objects.filter(box=box, period=period).values_list("receipt_hash", flat=True))


def seal_payload(box: Box, period: Seal | None | bool = False) -> dict:
    """What a seal's log entry commits to; a closing seal (period not False) also commits to the
    receipts of the period it ends."""
    fingerprints = _fingerprints(box)
    electronic, e_digest = electronic_digest(box, fingerprints)
    papers, p_digest = paper_entries_digest(box, fingerprints=fingerprints)
    payload = {"box_key": box_key(box), "electronic": electronic, "electronic_digest": e_digest,
               "paper_entries": papers, "paper_entries_digest": p_digest}
    if period is not False:
        hashes = period_receipts(box, period)
        payload.update(receipts=len(hashes), receipts_digest=seals.receipts_digest(hashes),
                       receipts_total=BallotReceipt.objects.filter(box=box).count())
    return payload


@dataclass(frozen=True)
class Breach:
    box_id: int
    key: str
    text: str


def committed(seal_rows: list[Seal]) -> dict[int, dict]:
    """seal pk -> the payload its log entry recorded."""
    ids = [str(s.pk) for s in seal_rows]
    return {int(object_id): payload for object_id, payload in LedgerEntry.objects.filter(
        object_type="voting.seal", object_id__in=ids).values_list("object_id", "payload")}


def paper_breaches(box: Box) -> list[Breach]:
    """Paper ballots whose marks are not what the two entries agreed on (or the adjudication
    decided): a ballot changed after it was counted from its sheet."""
    of_box = SheetResult.objects.filter(cast__box=box)
    results = list(of_box.values_list("sheet_id", "how", "cast__choices"))
    if not results:
        return []
    sheets = of_box.values("sheet_id")  # a subquery: no list of thousands of parameters
    first: dict[str, list] = {}
    for sheet, choices in (PaperEntry.objects.filter(sheet_id__in=sheets)
                           .order_by("entered_at", "pk").values_list("sheet_id", "choices")):
        first.setdefault(sheet, choices)
    decided = dict(Adjudication.objects.filter(sheet_id__in=sheets).values_list("sheet_id", "choices"))
    out = []
    for sheet, how, choices in results:
        expected = decided.get(sheet) if how == SheetResult.How.ADJUDICATED else first.get(sheet)
        if expected is None or sorted(choices) != sorted(expected):
            out.append(Breach(box.pk, f"paperresult:{sheet}", _(
                "%(box)s: the ballot counted from sheet %(sheet)s does not say what its entries "
                "recorded.") % {"box": box, "sheet": sheet}))
    return out


def box_breaches(box: Box) -> list[Breach]:
    """Where the box no longer holds what its seals committed to in the log."""
    rows = list(Seal.objects.filter(box=box).order_by("at", "pk"))
    if not rows:
        return paper_breaches(box)
    fingerprints = _fingerprints(box)
    logged = committed(rows)
    out: list[Breach] = []
    for seal in rows:
        if seal.pk not in logged or "electronic_digest" not in logged[seal.pk]:
            out.append(Breach(box.pk, f"sealmissing:{seal.pk}", _(
                "%(box)s: the seal of %(at)s has no commitment in the public log.")
                % {"box": box, "at": local_minute(seal.at)}))
    by_order = [(s, logged.get(s.pk, {})) for s in rows]
    for (before, said), (after, found) in zip(by_order, by_order[1:], strict=False):
        if before.kind == Seal.Kind.SEAL and after.kind == Seal.Kind.REOPEN and said and found \
                and said.get("electronic_digest") != found.get("electronic_digest"):
            out.append(Breach(box.pk, f"overnight:{after.pk}", _(
                "%(box)s: the electronic ballots found at the reopening of %(at)s are not those "
                "sealed the night before.") % {"box": box, "at": local_minute(after.at)}))
    paper_at = _paper_digests_at(box, [s.at for s, said in by_order if said and "paper_entries_digest" in said],
                                 fingerprints)
    for seal, said in by_order:
        if said and "paper_entries_digest" in said:
            digest = paper_at[seal.at]
            if digest != said["paper_entries_digest"]:
                out.append(Breach(box.pk, f"paperentries:{seal.pk}", _(
                    "%(box)s: the paper entries made before the seal of %(at)s are not those it "
                    "committed to.") % {"box": box, "at": local_minute(seal.at)}))
    out += _receipt_breaches(box, by_order)
    last, said = by_order[-1]
    if last.kind == Seal.Kind.SEAL and said.get("electronic_digest"):
        _n, digest = electronic_digest(box, fingerprints)
        if digest != said["electronic_digest"]:
            out.append(Breach(box.pk, f"sealdigest:{last.pk}", _(
                "%(box)s: its electronic ballots are not those its last seal committed to in the "
                "public log: ballots were changed after the seal.") % {"box": box}))
    return out + paper_breaches(box)


def _receipt_breaches(box: Box, by_order: list[tuple[Seal, dict]]) -> list[Breach]:
    """Receipts of a period that are not those its seal committed to; a sealed box whose
    electronic ballots are not as many as the receipts handed out."""
    out: list[Breach] = []
    period = None
    for seal, said in by_order:
        if seal.kind == Seal.Kind.SEAL and "receipts_digest" in said:
            if seals.receipts_digest(period_receipts(box, period)) != said["receipts_digest"]:
                out.append(Breach(box.pk, f"receipts:{seal.pk}", _(
                    "%(box)s: the receipts handed out before the seal of %(at)s are not those it "
                    "committed to.") % {"box": box, "at": local_minute(seal.at)}))
        period = seal if seal.kind == Seal.Kind.REOPEN else period
    last, said = by_order[-1]
    if last.kind == Seal.Kind.SEAL and "receipts_total" in said:
        ballots = CastBallot.objects.filter(box=box, source=CastBallot.Source.ELECTRONIC).count()
        receipts = BallotReceipt.objects.filter(box=box).count()
        if ballots != receipts:
            out.append(Breach(box.pk, f"receiptcount:{last.pk}", _(
                "%(box)s: it holds %(ballots)s electronic ballots but %(receipts)s receipts were "
                "handed out.") % {"box": box, "ballots": ballots, "receipts": receipts}))
    return out


@dataclass(frozen=True)
class ReceiptStatus:
    """Where a receipt stands: its box; once the box was sealed, the seal, the log entry that
    committed to the period's receipts, and the receipt's inclusion proof against it."""

    box: Box
    seal: Seal | None = None
    entry: LedgerEntry | None = None
    index: int = 0
    size: int = 0
    path: tuple[str, ...] = ()
    digest: str = ""
    verified: bool = False

    @property
    def proof(self) -> dict:
        """The proof as data anyone can check with xihu.engine.seals.verify_receipt."""
        return {"index": self.index, "size": self.size, "path": list(self.path), "digest": self.digest,
                "entry_hash": self.entry.entry_hash if self.entry else None,
                "leaf": seals.RECEIPT_LEAF}


def receipt_check(code: str) -> ReceiptStatus | None:
    """The status of a receipt code, or None when no receipt with it was handed out."""
    if not code.strip():
        return None
    digest = receipt_hash(code)
    row = (BallotReceipt.objects.select_related("box__station__edition", "box__community", "period")
           .filter(receipt_hash=digest).first())
    if row is None:
        return None
    box, seal = row.box, _closing_seal(row)
    if seal is None:
        return ReceiptStatus(box=box)
    entry = LedgerEntry.objects.filter(object_type="voting.seal", object_id=str(seal.pk)).first()
    committed = (entry.payload or {}).get("receipts_digest", "") if entry else ""
    index, size, path = seals.receipt_proof(period_receipts(box, row.period), digest)
    return ReceiptStatus(box=box, seal=seal, entry=entry, index=index, size=size,
                         path=tuple(p.hex() for p in path), digest=committed,
                         verified=bool(committed) and seals.verify_receipt(digest, index, size, path, committed))


def _closing_seal(receipt: BallotReceipt) -> Seal | None:
    """The seal that ended the receipt's period: the box's first seal after its reopening."""
    seals_after = Seal.objects.filter(box_id=receipt.box_id, kind=Seal.Kind.SEAL)
    if receipt.period is not None:
        seals_after = seals_after.filter(at__gte=receipt.period.at).exclude(pk=receipt.period.pk)
    return seals_after.order_by("at", "pk").first()
