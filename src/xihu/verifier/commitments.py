"""What the log committed to: each ballot's projects and amounts at its freeze, each box's
electronic papers at its last seal and all its papers at the close of the count."""

from __future__ import annotations

import hashlib

from .entries import canonical_json
from .seals import hashes_digest


def check_frozen_ballots(report, ballots: list[dict], frozen: dict) -> None:
    """Each ballot's projects and amounts are those its freeze recorded in the log, and the
    recorded fingerprint is the hash of what was recorded."""
    good = True
    for ballot in ballots:
        payload = frozen.get((ballot["unit"], ballot["kind"]))
        if payload is None:
            report.problem(f"{ballot['key']}: the log holds no freeze of this ballot")
            good = False
            continue
        data = {k: v for k, v in payload.items() if k != "fingerprint"}
        if hashlib.sha256(canonical_json(data)).hexdigest() != payload["fingerprint"] \
                or payload["fingerprint"] != ballot["fingerprint"]:
            report.problem(f"{ballot['key']}: its fingerprint is not the one recorded in the log at the freeze")
            good = False
        recorded = [[n, title, amount] for n, _project, title, amount in payload.get("items", [])]
        exported = [[i["number"], i["title"], i["amount"]] for i in ballot["items"]]
        if recorded != exported or payload.get("budget") != ballot["budget"] \
                or payload.get("max_choices") != ballot["max_choices"]:
            report.problem(f"{ballot['key']}: its projects, amounts or rules are not those recorded "
                           "in the log when it was frozen")
            good = False
    if good and ballots:
        report.ok(f"{len(ballots)} ballots: projects and amounts are those frozen in the log")


def check_box_commitments(report, papers, log) -> None:
    """Each box's papers (PaperFacts) against what the log (LogFacts) committed to: the
    electronic ones against the box's last seal, all of them against the digest recorded when
    the count closed."""
    good = True
    for key, (action, payload) in sorted(log.last_seal.items()):
        digest = hashes_digest(papers.hashes(papers.electronic.get(key, b"")))
        if action == "voting.box_seal" and digest != payload.get("electronic_digest"):
            report.problem(f"box {key}: its electronic papers are not those its last seal committed to in the log")
            good = False
    for key, digest in sorted(log.closed.items()):
        if hashes_digest(papers.hashes(papers.leaves.get(key, b""))) != digest:
            report.problem(f"box {key}: its papers are not those the log recorded when the count closed")
            good = False
    if good:
        report.ok(f"{len(log.last_seal)} sealed boxes and {len(log.closed)} counted boxes: papers match the "
                  "log's commitments")
