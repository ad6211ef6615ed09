"""verify.py's command line: read the export once, file by file, and print one line per check.

Exits 0 when everything agrees, 1 when a problem is found, 2 when the export cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .commitments import check_box_commitments, check_frozen_ballots
from .logcheck import check_ledger, read_ledger
from .pabulib import check_pabulib
from .papers import PaperFacts
from .reading import Export, Unreadable
from .report import Report
from .results import check_boxes, check_results

FORMAT = "xihu-export/2"


def verify(path: Path, *, key: str = "", heads: Sequence[str] = ()) -> Report:
    """Check the export at `path`: its folder, the folder holding it, or its zip."""
    report = Report()
    export = Export(path)
    manifest = export.load("manifest.json")
    if manifest.get("format") != FORMAT:
        raise Unreadable(f"unknown export format {manifest.get('format')!r}")
    ballots = export.load("ballots.json")
    ledger, log = read_ledger(export, manifest["edition"]["slug"], heads)
    check_ledger(report, ledger, log, manifest, key=key, heads=heads)
    papers = PaperFacts(ballots, profiles=manifest["edition"]["selection_rule"] == "mes")
    for paper in export.elements("papers.json"):
        papers.add(paper)
    if papers.repeated_id():
        report.problem("papers.json: a paper id appears twice (a duplicated paper)")
    check_frozen_ballots(report, ballots, log.frozen)
    check_box_commitments(report, papers, log)
    recounts = check_results(report, manifest, ballots, papers, export.load("results.json"), log.results)
    check_boxes(report, export.load("boxes.json"), papers, log.boxes)
    check_pabulib(report, export, ballots, recounts)
    evaluation_checks(report, export, log.evaluation)
    return report


def evaluation_checks(report: Report, export: Export, entries: list[dict]) -> None:
    """The three tests, judged again by evaluation.py (when it is beside this module)."""
    try:
        from . import evaluation
    except ImportError:
        return
    evaluation.check(report, export, entries=entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="verify.py", description="Check a Xihu export on your own.")
    parser.add_argument("export", help="the export's folder, the folder you unpacked its zip into, or the zip")
    parser.add_argument("--key", default="", help="the log's public key (hex) as you got it elsewhere, "
                        "e.g. from the platform's page or a witness (default: the key in the export)")
    parser.add_argument("--head", action="append", default=[], metavar="FILE",
                        help="a signed head (checkpoint) you kept: the export's log must begin with it")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    where = Path(args.export)
    try:
        heads = [Path(h).read_text(encoding="utf-8") for h in args.head]
        report = verify(where, key=args.key.strip(), heads=heads)
    except (Unreadable, KeyError, TypeError, ValueError, OSError) as exc:
        print(f"error: the export cannot be read: {exc}", file=sys.stderr)
        return 2
    for line in report.passed:
        print(f"OK       {line}")
    for line in report.problems:
        print(f"PROBLEM  {line}")
    if report.problems:
        print(f"FAILED: {len(report.problems)} problem(s) found in {where}")
        return 1
    print(f"VERIFIED: every tally, winner set, box total and the signed log agree ({where})")
    return 0
