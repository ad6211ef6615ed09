"""The study's three tests of an edition (PROCESS.md 3.8), as rules on plain facts.

Standard library only, like the standalone verifier beside it: the platform computes the facts
from its records and judges them with these functions; the export writes the facts and the
verdicts to evaluation.json, and the verifier (standalone.py loads this file from beside
itself) judges the facts again, checks them against the public ledger and against
results.json, and reports any verdict that does not follow.

A check is True (holds), False (fails) or None (no data yet). A verdict combines checks:
"passed" when every check with data holds, "failed" when none does, "partly" in between and
"no_data" when no check has data.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

FORMAT = "xihu-evaluation/1"
PASSED, PARTLY, FAILED, NO_DATA = "passed", "partly", "failed", "no_data"
STAGES = ["setup", "collection", "screening", "assembly", "quota", "voting", "counting",
          "confirmation", "published", "implementation"]
TABLE_MIN_RESIDENTS, TABLE_MAX_RESIDENTS, NOMINATIONS_PER_TABLE = 8, 12, 3
TABLE_ROLES = ("host", "recorder", "adviser")
DEFAULT_GRACE_HOURS = 24
PROCEDURE_CHECKS = ("exclusions_reviewed", "table_roles", "count_rules")
DELIBERATION_CHECKS = ("held", "tables_sized", "table_roles", "attendance", "open", "nominations",
                       "plenary")


def combine(checks) -> str:
    known = [c for c in checks if c is not None]
    if not known:
        return NO_DATA
    if all(known):
        return PASSED
    return FAILED if not any(known) else PARTLY


def combine_verdicts(verdicts) -> str:
    """An edition's verdict from its parts' verdicts (a part that is partly counts as both)."""
    checks: list[bool] = []
    for verdict in verdicts:
        if verdict == PASSED:
            checks.append(True)
        elif verdict == FAILED:
            checks.append(False)
        elif verdict == PARTLY:
            checks += [True, False]
    return combine(checks)


def parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def reached(edition_stage: str, stage: str) -> bool:
    return STAGES.index(edition_stage) >= STAGES.index(stage)


# --- test 1: a repeatable decision process ----------------------------------------------------

def stage_checks(stages: list[dict], now: str, grace_hours: int = DEFAULT_GRACE_HOURS) -> list[dict]:
    """Each stage entered against its planned start and left against its planned end (or the
    next stage's planned start). Lateness is in whole seconds; within the grace it is on time."""
    grace = timedelta(hours=grace_hours)
    current = parse_time(now)
    by_stage = {s["stage"]: s for s in stages}
    out = []
    for index, name in enumerate(STAGES):
        row = by_stage.get(name, {"stage": name})
        start, end = parse_time(row.get("planned_start")), parse_time(row.get("planned_end"))
        entered, left = parse_time(row.get("entered_at")), parse_time(row.get("left_at"))
        following = by_stage.get(STAGES[index + 1], {}) if index + 1 < len(STAGES) else {}
        deadline = end or parse_time(following.get("planned_start"))
        result = {"stage": name, "planned": start is not None, "entered": entered is not None,
                  "late_entry": None, "late_exit": None, "still_open": False, "ok": None}
        if entered is None:
            out.append(result)
            continue
        if start is not None and entered - start > grace:
            result["late_entry"] = int((entered - start).total_seconds())
        if deadline is not None:
            finished = left or current
            if finished - deadline > grace:
                result["late_exit"] = int((finished - deadline).total_seconds())
                result["still_open"] = left is None
        result["ok"] = bool(start is not None and not result["late_entry"] and not result["late_exit"])
        out.append(result)
    return out


def procedure_checks(unit: dict, edition_stage: str) -> dict[str, bool | None]:
    exclusions = unit.get("exclusions") or {}
    tables = unit.get("tables") or []
    count = unit.get("count") or {}
    reviewed = None
    if reached(edition_stage, "screening"):
        reviewed = exclusions.get("unreviewed", 0) == 0
    roles = None
    if tables:
        roles = all(all(t.get(r, 0) > 0 for r in TABLE_ROLES) for t in tables)
    rules = None
    if count.get("sessions") or (reached(edition_stage, "confirmation") and count.get("boxes")):
        rules = bool(count.get("closed")) and count.get("independent_scrutineers", 0) > 0
    return {"exclusions_reviewed": reviewed, "table_roles": roles, "count_rules": rules}


# --- test 2: open and repeated deliberation ---------------------------------------------------

def deliberation_checks(unit: dict, edition_stage: str) -> dict[str, bool | None]:
    checks: dict[str, bool | None] = dict.fromkeys(DELIBERATION_CHECKS)
    assembly = unit.get("assembly")
    if assembly is None:
        if reached(edition_stage, "quota"):
            checks["held"] = False
        return checks
    checks["held"] = assembly.get("checked_in", 0) > 0
    if not checks["held"]:
        return checks
    tables = unit.get("tables") or []
    checks["tables_sized"] = bool(tables) and all(
        TABLE_MIN_RESIDENTS <= t.get("residents", 0) <= TABLE_MAX_RESIDENTS for t in tables)
    checks["table_roles"] = bool(tables) and all(
        all(t.get(r, 0) > 0 for r in TABLE_ROLES) for t in tables)
    checks["attendance"] = assembly.get("invited", 0) > 0 and assembly.get("checked_in_invited", 0) > 0
    checks["open"] = assembly.get("invited_others", 0) > 0 or assembly.get("at_door", 0) > 0
    checks["nominations"] = bool(tables) and all(
        t.get("nominations", 0) >= NOMINATIONS_PER_TABLE for t in tables)
    checks["plenary"] = assembly.get("plenary_ballots", 0) > 0
    return checks


# --- test 3: allocation power with residents --------------------------------------------------

def deviates(ballot: dict) -> bool:
    """The street's confirmation departs from the computed winners (breaking a tie the rule
    left undecided is not a departure)."""
    computed = set(ballot.get("computed_winners") or [])
    confirmed = set(ballot.get("confirmed_winners") or [])
    undecided = set(ballot.get("undecided") or [])
    if confirmed == computed:
        return False
    return not (undecided and computed <= confirmed <= computed | undecided)


def allocation_check(ballot: dict) -> bool | None:
    if not ballot.get("confirmed"):
        return None
    return not deviates(ballot)


# --- the whole evaluation ---------------------------------------------------------------------

def evaluate(facts: dict) -> dict:
    """The verdicts of the three tests, per edition and per unit, from the facts alone."""
    stage = facts["edition"]["stage"]
    timing = stage_checks(facts.get("stages", []), facts["computed_at"],
                          facts.get("grace_hours", DEFAULT_GRACE_HOURS))
    units = facts.get("units", [])
    procedure = {u["code"]: procedure_checks(u, stage) for u in units}
    deliberation = {u["code"]: deliberation_checks(u, stage) for u in units}
    ballots = {b["ballot"]: allocation_check(b) for b in facts.get("ballots", [])}
    by_unit: dict[str, list] = {}
    for b in facts.get("ballots", []):
        by_unit.setdefault(b["unit"], []).append(ballots[b["ballot"]])
    procedure_units = {code: combine(c.values()) for code, c in procedure.items()}
    timing_verdict = combine(s["ok"] for s in timing)
    return {
        "procedure": {
            "verdict": combine_verdicts([timing_verdict, *procedure_units.values()]),
            "timing": timing_verdict, "stages": timing,
            "units": {code: {"verdict": procedure_units[code], "checks": procedure[code]}
                      for code in procedure},
        },
        "deliberation": {
            "verdict": combine_verdicts(combine(c.values()) for c in deliberation.values()),
            "units": {code: {"verdict": combine(c.values()), "checks": c}
                      for code, c in deliberation.items()},
        },
        "allocation": {
            "verdict": combine(ballots.values()),
            "ballots": ballots,
            "units": {code: {"verdict": combine(checks)} for code, checks in by_unit.items()},
        },
    }


# --- the verifier's part (called by cli.py with its Report) -----------------------------------

def _load(export, name):
    """A JSON file of the export (an export folder, or the verifier's reading.Export), or None."""
    if hasattr(export, "exists") and hasattr(export, "load"):
        return export.load(name) if export.exists(name) else None
    path = export / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _ledger_states(entries: list[dict], receipts: set[str]) -> dict[str, str]:
    """receipt -> state after the last screening act the ledger recorded for it."""
    states = {}
    for entry in entries:
        payload = entry.get("payload") or {}
        receipt = payload.get("receipt")
        if receipt not in receipts:
            continue
        if entry.get("action") == "proposal.exclude":
            states[receipt] = "unreviewed"
        elif entry.get("action") == "proposal.review":
            states[receipt] = "confirmed" if payload.get("decision") == "confirm" else "reinstated"
    return states


def _ledger_stages(entries: list[dict], edition_id) -> tuple[dict, dict]:
    """(planned {stage: (start, end)}, entered {stage: time}) as the ledger recorded them."""
    planned, entered = {}, {}
    for entry in entries:
        if entry.get("object_type") != "editions.edition" or str(entry.get("object_id")) != str(edition_id):
            continue
        payload = entry.get("payload") or {}
        if entry.get("action") == "edition.plan_stage":
            planned[payload["stage"]] = (parse_time(payload.get("starts_at")), parse_time(payload.get("ends_at")))
        elif entry.get("action") == "edition.advance":
            entered[payload["to"]] = parse_time(entry["recorded_at"])
        elif entry.get("action") == "edition.create":
            entered["setup"] = parse_time(entry["recorded_at"])
    return planned, entered


def _check_stages(report, facts: dict, entries: list[dict]) -> None:
    planned, entered = _ledger_stages(entries, facts["edition"]["id"])
    good = True
    for row in facts.get("stages", []):
        name = row["stage"]
        if name in planned:
            start, end = planned[name]
            stated = (parse_time(row.get("planned_start")), parse_time(row.get("planned_end")))
            if stated != (start, end):
                report.problem(f"evaluation: stage {name}: planned {stated[0]} to {stated[1]}, the ledger "
                               f"recorded {start} to {end}")
                good = False
        at = parse_time(row.get("entered_at"))
        if at is not None and name in entered and abs((at - entered[name]).total_seconds()) > 60:
            report.problem(f"evaluation: stage {name} entered at {at}, the ledger recorded {entered[name]}")
            good = False
    if good:
        report.ok("evaluation: stage plans and entries agree with the ledger")


def _check_exclusions(report, facts: dict, entries: list[dict]) -> None:
    stated = {}
    for unit in facts.get("units", []):
        exclusions = unit.get("exclusions") or {}
        receipts = exclusions.get("receipts") or {}
        stated.update(receipts)
        unreviewed = sum(1 for state in receipts.values() if state == "unreviewed")
        report.compare(f"evaluation: {unit['code']}: unreviewed exclusions",
                       exclusions.get("unreviewed", 0), unreviewed)
    recorded = _ledger_states(entries, set(stated))
    wrong = [f"{r}: {stated[r]} vs {recorded.get(r)}" for r in sorted(stated) if recorded.get(r) != stated[r]]
    if wrong:
        report.problem("evaluation: screening states differ from the ledger (stated vs recorded): "
                       + "; ".join(wrong[:10]))
    else:
        report.ok(f"evaluation: {len(stated)} exclusions: review states agree with the ledger")


def _check_allocation(report, facts: dict, results: list[dict] | None,
                      entries: list[dict] | None) -> None:
    by_key = {r["ballot"]: r for r in results or []}
    confirmed = {}
    for entry in entries or []:
        if entry.get("action") == "results.confirm":
            confirmed[(entry.get("payload") or {}).get("ballot")] = entry["payload"]
    good = True
    for ballot in facts.get("ballots", []):
        key, result = ballot["ballot"], by_key.get(ballot["ballot"])
        if result is not None and result.get("counted"):
            good &= report.compare(f"evaluation: {key}: computed winners",
                                   sorted(ballot.get("computed_winners") or []), sorted(result["winners"]))
            if ballot.get("confirmed"):
                good &= report.compare(f"evaluation: {key}: confirmed winners",
                                       sorted(ballot.get("confirmed_winners") or []),
                                       sorted(result.get("confirmed_winners") or []))
        if ballot.get("confirmed") and entries is not None:
            payload = confirmed.get(ballot.get("ballot_id"))
            if payload is None:
                report.problem(f"evaluation: {key}: the ledger holds no confirmation")
                good = False
            else:
                good &= report.compare(f"evaluation: {key}: confirmed winners in the ledger",
                                       sorted(ballot.get("confirmed_winners") or []),
                                       sorted(payload.get("confirmed_winners") or []))
                good &= report.compare(f"evaluation: {key}: departure recorded in the ledger",
                                       bool(payload.get("deviates")), deviates(ballot))
    if good:
        report.ok(f"evaluation: {len(facts.get('ballots', []))} ballots: winners and confirmations agree "
                  "with results.json and the ledger")


def check(report, directory, entries: list[dict] | None = None) -> None:
    """Judge evaluation.json's facts again and check them against the export's other files
    (`entries`: the log's entries this needs, when the caller has read the log already)."""
    data = _load(directory, "evaluation.json")
    if data is None:
        report.ok("evaluation.json is not in this export: the three tests are not checked")
        return
    if data.get("format") != FORMAT:
        report.problem(f"evaluation.json: unknown format {data.get('format')!r}")
        return
    facts, stated = data["facts"], data["verdicts"]
    verdicts = evaluate(facts)
    good = True
    for test in ("procedure", "deliberation", "allocation"):
        good &= report.compare(f"evaluation: verdict of test {test}", stated[test]["verdict"],
                               verdicts[test]["verdict"])
        good &= report.compare(f"evaluation: unit verdicts of test {test}",
                               {code: v["verdict"] for code, v in stated[test]["units"].items()},
                               {code: v["verdict"] for code, v in verdicts[test]["units"].items()})
    if good:
        report.ok("evaluation: the three tests' verdicts follow from the exported facts")
    if entries is None:
        ledger = _load(directory, "ledger.json") or {}
        entries = ledger.get("entries") if isinstance(ledger, dict) else None
    if isinstance(entries, list):
        _check_stages(report, facts, entries)
        _check_exclusions(report, facts, entries)
    else:
        report.ok("evaluation: no ledger entries to read: facts not checked against the ledger")
        entries = None
    _check_allocation(report, facts, _load(directory, "results.json"), entries)
