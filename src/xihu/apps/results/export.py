"""Open data: one edition's count and results as JSON + CSV, one pabulib file per ballot, and the
whole public ledger, for the standalone verifier (src/xihu/verifier/standalone.py).

Ballot papers are written in random order with fresh random ids and no time (not even the
day), so that nothing links a paper to a registration or to its place in the voting week."""

import csv
import io
import json
import secrets
import uuid
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from xihu.apps.ballots.models import Ballot
from xihu.apps.editions.models import Edition
from xihu.apps.insights.export import evaluation_files
from xihu.apps.ledger import keys
from xihu.apps.ledger import selectors as ledger_selectors
from xihu.apps.ledger.models import LedgerLeaf
from xihu.apps.results import counting
from xihu.apps.results.models import Confirmation, CountSession
from xihu.apps.results.selection import TIE_BREAKS, instance_of
from xihu.apps.results.selectors import latest_result
from xihu.apps.results.tallying import Mark, count_marks
from xihu.apps.voting import commitments
from xihu.apps.voting.models import Box, CastBallot, Seal
from xihu.apps.voting.selectors import receipt_export
from xihu.engine import pabulib
from xihu.engine.model import approval_profile
from xihu.spreadsheet import neutralise

FORMAT = "xihu-export/2"
PB_RULES = {"greedy": "greedy", "greedy-stop": "greedy-no-skip", "mes": "equalshares/add1/greedy"}


def ballot_key(ballot: Ballot) -> str:
    return f"{ballot.unit.code}-{ballot.kind}"


box_key = commitments.box_key


def _csv(rows: list[dict], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return out.getvalue().encode()


def _cell(value) -> str:
    if isinstance(value, str):
        return neutralise(value)  # a title like "=1+2" stays text in a spreadsheet
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def _json(value, *, compact: bool = False) -> bytes:
    """Small files indented for reading; large ones (papers, ledger) compact and fast."""
    if compact:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode()


def _ballots(edition: Edition) -> list[Ballot]:
    return list(Ballot.objects.filter(edition=edition).select_related("unit", "edition")
                .order_by("unit__code", "kind"))


def _papers(ballots: list[Ballot], keys: dict[int, str], boxes: dict[int, str]) -> list[dict]:
    papers = [
        {"id": str(uuid.uuid4()), "ballot": keys[ballot_id], "box": boxes.get(box_id, ""),
         "choices": list(choices), "status": status, "invalid_reason": reason or "", "source": source}
        for ballot_id, box_id, choices, status, reason, source in CastBallot.objects.filter(
            ballot__in=ballots).values_list("ballot_id", "box_id", "choices", "status", "invalid_reason",
                                            "source")
    ]
    secrets.SystemRandom().shuffle(papers)
    return papers


def _boxes(edition: Edition, keys: dict[int, str]) -> tuple[list[dict], dict[int, str]]:
    rows, names = [], {}
    signed = {}
    for session in CountSession.objects.filter(edition=edition):
        for s in session.signoffs.all():
            signed[s.box_id] = s.counted
    communities = counting.communities_to_count(edition)
    for community_id in sorted(communities):
        community = Box.objects.filter(community_id=community_id).first().community
        box_rows, _stations = counting.box_rows(edition, community)
        for row in box_rows:
            key = box_key(row.box)
            names[row.box.pk] = key
            rows.append({
                "box": key, "community": community.code, "station": row.box.station.name,
                "station_kind": row.box.station.kind, "code": row.box.code,
                "counted": row.counted,
                "counted_by_ballot": {keys[b]: n for b, n in row.by_ballot.items() if b in keys},
                "sealed": row.sealed, "registered": row.registered,
                "signed_off_count": signed.get(row.box.pk),
            })
    return rows, names


def _seals(edition: Edition, names: dict[int, str]) -> list[dict]:
    return [
        {"box": names.get(s.box_id, ""), "kind": s.kind, "at": s.at.isoformat(),
         "ballots_in_box": s.ballots_in_box, "seal_number": s.seal_number, "intact": s.intact}
        for s in Seal.objects.filter(box__station__edition=edition).order_by("box_id", "at", "pk")
    ]


def _result(ballot: Ballot, key: str) -> dict:
    result = latest_result(ballot)
    confirmation = Confirmation.objects.filter(ballot=ballot).first()
    row = {"ballot": key, "ballot_id": ballot.pk, "budget": ballot.budget, "counted": result is not None}
    if result is None:
        return row
    tally = result.tally
    row.update({
        "votes": tally["votes"], "ballots": tally["ballots"], "valid": tally["valid"],
        "blank": tally["blank"], "invalid": tally["invalid"],
        "rule": result.allocation["rule"], "tie_break": result.allocation["tie_break"],
        "winners": result.winners, "undecided": result.undecided,
        "total_cost": result.allocation["total_cost"],
        "comparison_rule": result.comparison.get("rule"),
        "comparison_winners": result.comparison.get("winners", []),
        "confirmed": confirmation is not None,
        "confirmed_winners": confirmation.confirmed_winners if confirmation else None,
        "deviates": confirmation.deviates if confirmation else None,
        "deviation_reason": confirmation.reason if confirmation else "",
    })
    return row


def _count_record(edition: Edition) -> list[dict]:
    out = []
    for session in CountSession.objects.filter(edition=edition).select_related("community"):
        view = counting.session_view(session, with_counts=False)
        out.append({
            "community": session.community.code, "closed": view.is_closed,
            "members": [{"user": m.user.get_username(), "role": m.role, "independent": m.independent}
                        for m in view.members],
            "typed_totals": [{"scope": counting.typed_scope(t), "typed": t.value,
                              "from_records": t.computed, "matches": t.matches} for t in view.typed],
            "differences": [{"key": d.key, "text": d.text,
                             "explanations": [e.text for e in d.explanations]}
                            for d in view.differences],
        })
    return out


def _pb(edition: Edition, ballot: Ballot, result: dict, marks: list[Mark]) -> bytes:
    items = list(ballot.items.order_by("number"))
    instance = instance_of(ballot, items)
    tally, papers = count_marks(ballot, items, marks)
    winners = set(result.get("confirmed_winners") or result.get("winners") or [])
    meta = {
        "description": f"{edition.name} / {ballot.unit.name} / {ballot.get_kind_display()}",
        "country": "China", "unit": ballot.unit.name_en or ballot.unit.name,
        "instance": edition.slug, "vote_type": "approval",
        "rule": PB_RULES.get(edition.selection_rule, edition.selection_rule),
        "max_length": str(ballot.max_choices), "min_project_score_threshold": "1",
        "tie_break": str(TIE_BREAKS[edition.tie_break]), "currency": "CNY",
    }
    election = pabulib.Election(
        meta=meta, instance=instance, profile=approval_profile(instance, papers), tally=tally,
        project_rows=[{"project_id": str(i.number), "name": i.title} for i in items],
        selected={str(i.number): int(i.number in winners) for i in items} if result.get("counted") else None,
    )
    return pabulib.dumps(election).encode()


def _ledger() -> dict:
    """The log up to its latest signed head: every entry with its payload, the head, the log's
    name and public key (compare the key with the one the platform and witnesses publish)."""
    head = ledger_selectors.latest_head()
    size = head.size if head else 0
    entries = [
        {"index": leaf.index, "uid": e.uid, "recorded_at": e.recorded_at, "actor": e.actor,
         "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
         "payload_digest": e.payload_digest, "entry_hash": e.entry_hash, "payload": e.payload}
        for leaf in LedgerLeaf.objects.filter(index__lt=size).select_related("entry")
        .order_by("index").iterator(chunk_size=2000)
        for e in [leaf.entry]
    ]
    return {"origin": keys.origin(), "public_key": keys.public_key().hex(), "entries": entries,
            "head": {"size": head.size, "root_hash": head.root_hash, "checkpoint": head.note} if head else None}


def build_export(edition: Edition) -> dict[str, bytes]:
    """Every file of the export: relative path -> bytes."""
    ballots = _ballots(edition)
    keys = {b.pk: ballot_key(b) for b in ballots}
    boxes, box_names = _boxes(edition, keys)
    papers = _papers(ballots, keys, box_names)
    ballot_defs = [{
        "key": keys[b.pk], "id": b.pk, "unit": b.unit.code, "unit_name": b.unit.name,
        "unit_name_en": b.unit.name_en, "kind": b.kind, "budget": b.budget,
        "max_choices": b.max_choices, "fingerprint": b.fingerprint,
        "items": [{"number": i.number, "title": i.title, "amount": i.amount}
                  for i in b.items.order_by("number")],
    } for b in ballots]
    results = [_result(b, keys[b.pk]) for b in ballots]
    ledger = _ledger()
    files = {
        "ballots.json": _json(ballot_defs),
        "projects.csv": _csv([{"ballot": d["key"], **i} for d in ballot_defs for i in d["items"]],
                             ["ballot", "number", "title", "amount"]),
        "papers.json": _json(papers, compact=True),
        "papers.csv": _csv(papers, ["id", "ballot", "box", "choices", "status", "invalid_reason", "source"]),
        "boxes.json": _json(boxes),
        "boxes.csv": _csv(boxes, ["box", "community", "station", "station_kind", "code", "counted",
                                  "sealed", "registered", "signed_off_count"]),
        "seals.json": _json(_seals(edition, box_names)),
        "results.json": _json(results),
        "results.csv": _csv(results, ["ballot", "budget", "counted", "ballots", "valid", "blank",
                                      "invalid", "rule", "tie_break", "winners", "total_cost",
                                      "confirmed_winners", "deviates", "deviation_reason"]),
        "count.json": _json(_count_record(edition)),
        "ledger.json": _json(ledger, compact=True),
    }
    # Receipt hashes by box, not by paper: a receipt proves inclusion, never the choices.
    receipts = [{"box": box_names.get(r["box"], ""), "receipt_hash": r["receipt_hash"]}
                for r in receipt_export(edition)]
    files["receipts.csv"] = _csv(receipts, ["box", "receipt_hash"])
    files["seals.csv"] = _csv(json.loads(files["seals.json"]),
                              ["box", "kind", "at", "ballots_in_box", "seal_number", "intact"])
    marks: dict[str, list[Mark]] = {key: [] for key in keys.values()}
    for paper in papers:
        marks[paper["ballot"]].append(Mark(tuple(paper["choices"]), paper["status"], paper["invalid_reason"]))
    for ballot, result in zip(ballots, results, strict=True):
        files[f"pabulib/{keys[ballot.pk]}.pb"] = _pb(edition, ballot, result, marks[keys[ballot.pk]])
    files.update(evaluation_files(edition))  # the three tests: evaluation.json and its rules
    files["manifest.json"] = _json({
        "format": FORMAT, "generated_at": timezone.now().isoformat(timespec="seconds"),
        "edition": {"slug": edition.slug, "name": edition.name, "name_en": edition.name_en,
                    "stage": edition.stage, "selection_rule": edition.selection_rule,
                    "tie_break": str(TIE_BREAKS[edition.tie_break]), "min_votes": 1},
        "ledger_head": {k: v for k, v in (ledger["head"] or {}).items() if k != "checkpoint"} or None,
        "ledger_public_key": ledger["public_key"],
        "files": sorted(files),
    })
    return files


def write_export(edition: Edition, out_dir: Path) -> list[Path]:
    """The export on disk (the command's): what was just written goes into a signed head first
    (an in-process sequencer round; it waits while another sequencer integrates)."""
    from xihu.apps.ledger.sequencer import integrate_pending

    integrate_pending()
    out_dir = Path(out_dir)
    written = []
    for name, data in build_export(edition).items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def cached_zip(edition: Edition) -> str:
    """The zip's name in the default storage, built once per signed head: every change to the
    data writes the log, so an unchanged head means unchanged data (up to the second it takes
    the sequencer to sign the next head)."""
    head = ledger_selectors.latest_head()
    tag = f"{head.size}-{head.root_hash[:16]}" if head else "empty"
    name = f"exports/xihu-{edition.slug}-{tag}.zip"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(export_zip(edition)))
    return name


def export_zip(edition: Edition) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in build_export(edition).items():
            archive.writestr(f"xihu-{edition.slug}/{name}", data)
        archive.writestr(f"xihu-{edition.slug}/verify.py", verifier_source())
        archive.writestr(f"xihu-{edition.slug}/xihu-witness.py", witness_source())
    return buffer.getvalue()


def verifier_source() -> bytes:
    from xihu.verifier import standalone

    return Path(standalone.__file__).read_bytes()


def witness_source() -> bytes:
    from xihu.witness import standalone

    return Path(standalone.__file__).read_bytes()
