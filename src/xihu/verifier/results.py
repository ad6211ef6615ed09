"""The stated results (results.json) and box totals (boxes.json) against the recount and
against what the log recorded when each count closed."""

from __future__ import annotations

from .counting import greedy
from .equal_shares import equal_shares, increment_for


def winners_of(rule: str, ballot: dict, count: dict, profile, tie_break: str,
               min_votes: int) -> tuple[list[int], list[int]] | None:
    """(winners, projects of a refused tie) under `rule`, or None for a rule not recomputed."""
    if rule in ("greedy", "greedy-stop"):
        return greedy(ballot["items"], count["votes"], ballot["budget"], tie_break,
                      stop=rule == "greedy-stop", min_votes=min_votes)
    if rule == "mes" and profile is not None:
        counted = count["valid"] + count["blank"]
        return equal_shares(ballot["items"], profile, count["votes"], ballot["budget"], tie_break,
                            increment_for(ballot["budget"], counted))
    return None


def check_results(report, manifest: dict, ballots: list[dict], papers, results: list[dict],
                  ledger_results: dict) -> dict[str, dict]:
    """`papers`: the PaperFacts of papers.json; returns the recount of each ballot."""
    edition = manifest["edition"]
    rule, tie_break = edition["selection_rule"], edition["tie_break"]
    min_votes = int(edition.get("min_votes", 1))
    known = {b["key"] for b in ballots}
    for key in sorted(set(papers.papers_of) - known):
        report.problem(f"papers.json: {papers.papers_of[key]} papers name an unknown ballot {key!r}")
    stated = {r["ballot"]: r for r in results}
    recounts = {}
    for ballot in ballots:
        key = ballot["key"]
        tally = papers.tallies[key]
        count = tally.result()
        recounts[key] = count
        result = stated.get(key)
        if result is None or not result.get("counted"):
            if papers.papers_of[key] and result is not None:
                report.ok(f"{key}: {papers.papers_of[key]} papers, result not yet computed (no check)")
            continue
        good = True
        for number, n in count["votes"].items():
            good &= report.compare(f"{key}: votes for project {number}", result["votes"].get(number), n)
        for field in ("ballots", "valid", "blank"):
            good &= report.compare(f"{key}: {field} ballots" if field != "ballots" else f"{key}: ballots",
                                   result[field], count[field])
        good &= report.compare(f"{key}: invalid ballots", sum(result["invalid"].values()),
                               sum(count["invalid"].values()))
        outcome = winners_of(rule, ballot, count, tally.profile, tie_break, min_votes)
        if outcome is not None:
            winners, undecided = outcome
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
            tally_recorded = recorded["tally"]
            good &= report.compare(f"{key}: votes recorded in the ledger", tally_recorded["votes"], count["votes"])
            good &= report.compare(f"{key}: ballots recorded in the ledger", tally_recorded["ballots"],
                                   count["ballots"])
            good &= report.compare(f"{key}: winners recorded in the ledger",
                                   sorted(recorded["winners"]), sorted(result["winners"]))
        if good:
            report.ok(f"{key}: {count['ballots']} papers recounted; votes, valid/blank/invalid and "
                      f"winners agree{' (Equal Shares recomputed)' if rule == 'mes' else ''}")
    return recounts


def check_boxes(report, boxes: list[dict], papers, ledger_boxes: dict) -> None:
    counted = papers.by_box
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
