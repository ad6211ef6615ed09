#!/usr/bin/env python3
"""Independent verifier of a Xihu participatory-budgeting export.

    python standalone.py EXPORT_DIR

Standard library only: no Django, no numpy, nothing from the platform. It reads the export
(`xihu export --out DIR`, or the zip from a results page, unpacked) and

1. recounts every ballot from the ballot papers (papers.json): a paper ruled invalid at entry
   stays invalid; otherwise more marks than allowed, an unknown or repeated project make it
   invalid, no mark makes it blank, and each project marked gets one vote;
2. recomputes the winners with the stated rule (greedy by votes, skipping what does not fit,
   or stopping at the first that does not; projects need at least `min_votes` votes) and the
   stated tie-break (cost: cheaper first; order: ballot order; refuse: report the tie);
3. checks the stated results (results.json), the per-box totals (boxes.json) and the pabulib
   files against the recount;
4. checks the public ledger's hash chain (ledger.json) entry by entry, its head against the
   manifest, and the stated results against what the ledger recorded when the count closed.
5. judges the three tests again from evaluation.json with evaluation.py, when that file is
   beside this one (it is in the export), and checks their facts against the ledger.

Prints one line per check; exits 0 when everything agrees, 1 when a problem is found and 2
when the export cannot be read.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

GENESIS_HASH = "0" * 64
CHAIN_FIELDS = ["seq", "prev_hash", "recorded_at", "actor", "action", "object_type",
                "object_id", "payload_digest"]


class Unreadable(Exception):
    pass


# --- the ledger's hash chain (the same definition as the platform's) -------------------------

def canonical_json(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_chain(entries: list[dict]) -> tuple[bool, str, str]:
    """(ok, head hash, problem): walk the entries in order; the first break is reported."""
    prev, expected = GENESIS_HASH, 1
    for entry in entries:
        seq = entry["seq"]
        if seq != expected:
            return False, prev, f"ledger entry {seq}: sequence {seq} found where {expected} was expected"
        if entry["prev_hash"] != prev:
            return False, prev, f"ledger entry {seq}: previous-hash link does not match the entry before it"
        if entry.get("payload") is not None and sha256(canonical_json(entry["payload"])) != entry["payload_digest"]:
            return False, prev, f"ledger entry {seq}: payload does not match its digest"
        if sha256(canonical_json([entry[f] for f in CHAIN_FIELDS])) != entry["entry_hash"]:
            return False, prev, f"ledger entry {seq}: entry hash does not match its contents"
        prev, expected = entry["entry_hash"], expected + 1
    return True, prev, ""


# --- counting ---------------------------------------------------------------------------------

def recount(ballot: dict, papers: list[dict]) -> dict:
    numbers = [str(i["number"]) for i in ballot["items"]]
    known = set(numbers)
    k = ballot["max_choices"]
    votes = dict.fromkeys(numbers, 0)
    valid = blank = 0
    invalid: Counter = Counter()
    for paper in papers:
        marks = [str(c) for c in paper["choices"]]
        if paper["status"] == "invalid":
            invalid[paper.get("invalid_reason") or "ruled_invalid"] += 1
        elif not marks:
            blank += 1
        elif len(marks) > k:
            invalid["over_vote"] += 1
        elif any(m not in known for m in marks):
            invalid["unknown_project"] += 1
        elif len(set(marks)) != len(marks):
            invalid["repeated_project"] += 1
        else:
            valid += 1
            for m in marks:
                votes[m] += 1
    return {"votes": votes, "valid": valid, "blank": blank, "invalid": dict(invalid),
            "ballots": valid + blank + sum(invalid.values())}


def greedy(items: list[dict], votes: dict, budget: int, tie_break: str, *, stop: bool,
           min_votes: int) -> tuple[list[int], list[int]]:
    """(winners in selection order, projects of an unbroken tie)."""
    cost = [i["amount"] for i in items]
    score = [votes[str(i["number"])] for i in items]
    groups: dict[int, list[int]] = defaultdict(list)
    for j in range(len(items)):
        if score[j] >= min_votes:
            groups[score[j]].append(j)
    order = (lambda j: (cost[j], j)) if tie_break == "cost" else (lambda j: j)
    remaining, chosen = budget, []
    for s in sorted(groups, reverse=True):
        group = sorted(groups[s], key=order)
        while group:
            candidates = group if stop else [j for j in group if cost[j] <= remaining]
            if not candidates:
                break
            if tie_break == "refuse" and len(candidates) > 1 and sum(cost[j] for j in candidates) > remaining:
                return [items[j]["number"] for j in chosen], sorted(items[j]["number"] for j in candidates)
            pick = candidates[0]
            if cost[pick] > remaining:
                return [items[j]["number"] for j in chosen], []
            chosen.append(pick)
            remaining -= cost[pick]
            group.remove(pick)
    return [items[j]["number"] for j in chosen], []


# --- reading ----------------------------------------------------------------------------------

def load(directory: Path, name: str):
    path = directory / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Unreadable(f"{name} is missing from {directory}") from None
    except (OSError, ValueError) as exc:
        raise Unreadable(f"{name} cannot be read: {exc}") from None


def pb_sections(text: str) -> tuple[dict, dict, int]:
    """(META, {project_id: votes}, number of VOTES lines) of a pabulib file."""
    meta, votes, n_votes, section, header = {}, {}, 0, "", None
    for cells in csv.reader(text.splitlines(), delimiter=";", quotechar='"'):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if len(cells) == 1 and cells[0].upper() in ("META", "PROJECTS", "VOTES"):
            section, header = cells[0].upper(), None
            continue
        if header is None:
            header = cells
            continue
        if section == "META":
            meta[cells[0]] = cells[1]
        elif section == "PROJECTS":
            row = dict(zip(header, cells, strict=True))
            votes[row["project_id"]] = int(row["votes"])
        elif section == "VOTES":
            n_votes += 1
    return meta, votes, n_votes


# --- the checks -------------------------------------------------------------------------------

class Report:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.passed: list[str] = []

    def ok(self, text: str) -> None:
        self.passed.append(text)

    def problem(self, text: str) -> None:
        self.problems.append(text)

    def compare(self, what: str, stated, recounted) -> bool:
        if stated == recounted:
            return True
        if isinstance(stated, dict) and isinstance(recounted, dict):
            keys = sorted(set(stated) | set(recounted), key=lambda k: (len(str(k)), str(k)))
            differing = [f"{k}: {stated.get(k)} vs {recounted.get(k)}" for k in keys
                         if stated.get(k) != recounted.get(k)]
            self.problem(f"{what}: the export states a different count for project "
                         f"{'; '.join(differing)} (stated vs from the ballot papers)")
        else:
            self.problem(f"{what}: the export states {stated}, the ballot papers give {recounted}")
        return False


def check_results(report: Report, manifest: dict, ballots: list[dict], papers: list[dict],
                  results: list[dict], ledger_results: dict) -> dict[str, dict]:
    edition = manifest["edition"]
    rule, tie_break = edition["selection_rule"], edition["tie_break"]
    min_votes = int(edition.get("min_votes", 1))
    by_ballot: dict[str, list[dict]] = defaultdict(list)
    for paper in papers:
        by_ballot[paper["ballot"]].append(paper)
    unknown = set(by_ballot) - {b["key"] for b in ballots}
    for key in sorted(unknown):
        report.problem(f"papers.json: {len(by_ballot[key])} papers name an unknown ballot {key!r}")
    stated = {r["ballot"]: r for r in results}
    recounts = {}
    for ballot in ballots:
        key = ballot["key"]
        count = recount(ballot, by_ballot.get(key, []))
        recounts[key] = count
        result = stated.get(key)
        if result is None or not result.get("counted"):
            if by_ballot.get(key) and result is not None:
                report.ok(f"{key}: {len(by_ballot[key])} papers, result not yet computed (no check)")
            continue
        good = True
        for number, n in count["votes"].items():
            good &= report.compare(f"{key}: votes for project {number}", result["votes"].get(number), n)
        for field in ("ballots", "valid", "blank"):
            good &= report.compare(f"{key}: {field} ballots" if field != "ballots" else f"{key}: ballots",
                                   result[field], count[field])
        good &= report.compare(f"{key}: invalid ballots", sum(result["invalid"].values()),
                               sum(count["invalid"].values()))
        if rule in ("greedy", "greedy-stop"):
            winners, undecided = greedy(ballot["items"], count["votes"], ballot["budget"], tie_break,
                                        stop=rule == "greedy-stop", min_votes=min_votes)
            good &= report.compare(f"{key}: winners ({rule}, tie-break {tie_break})",
                                   sorted(result["winners"]), sorted(winners))
            good &= report.compare(f"{key}: undecided tie", sorted(result.get("undecided") or []), undecided)
            amounts = {i["number"]: i["amount"] for i in ballot["items"]}
            good &= report.compare(f"{key}: money allocated", result["total_cost"],
                                   sum(amounts[w] for w in winners))
        else:
            report.ok(f"{key}: rule {rule!r} is not recomputed by this verifier (tally checked only)")
        recorded = ledger_results.get(result["ballot_id"])
        if recorded is None:
            report.problem(f"{key}: the ledger holds no recorded result for this ballot")
            good = False
        else:
            tally = recorded["tally"]
            good &= report.compare(f"{key}: votes recorded in the ledger", tally["votes"], count["votes"])
            good &= report.compare(f"{key}: ballots recorded in the ledger", tally["ballots"], count["ballots"])
            good &= report.compare(f"{key}: winners recorded in the ledger",
                                   sorted(recorded["winners"]), sorted(result["winners"]))
        if good:
            report.ok(f"{key}: {count['ballots']} papers recounted; votes, valid/blank/invalid and "
                      f"winners agree")
    return recounts


def check_boxes(report: Report, boxes: list[dict], papers: list[dict], ledger_boxes: dict) -> None:
    counted: Counter = Counter(p["box"] for p in papers)
    known = {b["box"] for b in boxes}
    for box in sorted(set(counted) - known):
        report.problem(f"papers.json: {counted[box]} papers name an unknown box {box!r}")
    good = True
    for box in boxes:
        good &= report.compare(f"box {box['box']}: ballots counted", box["counted"], counted[box["box"]])
        if box.get("signed_off_count") is not None:
            good &= report.compare(f"box {box['box']}: ballots at the scrutineer's sign-off",
                                   box["signed_off_count"], counted[box["box"]])
        recorded = ledger_boxes.get((box["community"], box["station"], box["code"]))
        if recorded is not None:
            good &= report.compare(f"box {box['box']}: ballots recorded in the ledger at the close",
                                   recorded, counted[box["box"]])
    if good:
        report.ok(f"{len(boxes)} boxes: per-box totals agree with the papers and the ledger")


def check_pabulib(report: Report, directory: Path, ballots: list[dict], recounts: dict) -> None:
    for ballot in ballots:
        path = directory / "pabulib" / f"{ballot['key']}.pb"
        if not path.exists():
            report.problem(f"{path.name} is missing")
            continue
        meta, votes, n_votes = pb_sections(path.read_text(encoding="utf-8"))
        count = recounts[ballot["key"]]
        good = report.compare(f"{path.name}: votes per project", votes, count["votes"])
        good &= report.compare(f"{path.name}: counted ballots (valid and blank)", n_votes,
                               count["valid"] + count["blank"])
        good &= report.compare(f"{path.name}: budget", meta.get("budget"), str(ballot["budget"]))
        if good:
            report.ok(f"{path.name}: agrees with the papers")


def ledger_records(entries: list[dict]) -> tuple[dict, dict]:
    """The latest result recorded per ballot id, and box counts recorded at each session close."""
    results, boxes = {}, {}
    for entry in entries:
        payload = entry.get("payload") or {}
        if entry["action"] == "results.select":
            results[payload["ballot"]] = payload
        elif entry["action"] == "results.session_close":
            for box in payload.get("boxes", {}).values():
                boxes[(payload["community"], box["station"], box["box"])] = box["counted"]
    return results, boxes


def verify(directory: Path) -> Report:
    report = Report()
    manifest = load(directory, "manifest.json")
    if manifest.get("format") != "xihu-export/1":
        raise Unreadable(f"unknown export format {manifest.get('format')!r}")
    ballots = load(directory, "ballots.json")
    papers = load(directory, "papers.json")
    results = load(directory, "results.json")
    boxes = load(directory, "boxes.json")
    ledger = load(directory, "ledger.json")
    entries = ledger["entries"]
    ok, head, problem = check_chain(entries)
    if ok:
        report.ok(f"ledger: {len(entries)} entries, hash chain intact, head {head}")
    else:
        report.problem(problem)
    stated_head = (manifest.get("ledger_head") or {}).get("entry_hash", GENESIS_HASH)
    if ok and stated_head != head:
        report.problem(f"ledger: the manifest names head {stated_head}, the chain ends at {head}")
    ids = [p["id"] for p in papers]
    if len(set(ids)) != len(ids):
        report.problem("papers.json: a paper id appears twice (a duplicated paper)")
    ledger_results, ledger_boxes = ledger_records(entries)
    recounts = check_results(report, manifest, ballots, papers, results, ledger_results)
    check_boxes(report, boxes, papers, ledger_boxes)
    check_pabulib(report, directory, ballots, recounts)
    evaluation_checks(report, directory)
    return report


def evaluation_checks(report: Report, directory: Path) -> None:
    """The three tests, judged again by evaluation.py beside this file (when it is there)."""
    path = Path(__file__).with_name("evaluation.py")
    if path.exists():
        spec = importlib.util.spec_from_file_location("xihu_export_evaluation", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.check(report, directory)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python standalone.py EXPORT_DIR", file=sys.stderr)
        return 2
    directory = Path(argv[0])
    try:
        report = verify(directory)
    except (Unreadable, KeyError, TypeError) as exc:
        print(f"error: the export cannot be read: {exc}", file=sys.stderr)
        return 2
    for line in report.passed:
        print(f"OK       {line}")
    for line in report.problems:
        print(f"PROBLEM  {line}")
    if report.problems:
        print(f"FAILED: {len(report.problems)} problem(s) found in {directory}")
        return 1
    print(f"VERIFIED: every tally, winner set, box total and the ledger chain agree ({directory})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
