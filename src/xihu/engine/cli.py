"""Command line: ``xihu pb solve FILE.pb`` / ``xihu pb check FILE.pb``.

``main(argv)`` returns the exit status: 0 on success (``check``: the official result is
reproduced), 1 when ``check`` finds differences, 2 on bad input (one line ``file:line: problem``
on stderr, never a traceback). Also runnable as ``python -m xihu.engine.cli``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from xihu.engine import pabulib, replay
from xihu.engine.rules import RULES, TieBreak, TieError
from xihu.engine.rules.base import money_json
from xihu.engine.solve_checks import solve_problems


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xihu pb", description="Count pabulib PB elections.")
    sub = parser.add_subparsers(dest="command", required=True)
    solve = sub.add_parser("solve", help="fund projects with a rule and print the winners")
    solve.add_argument("file", help="a pabulib .pb file")
    solve.add_argument("--rule", choices=list(RULES),
                       help="engine rule (default: the file's META rule)")
    solve.add_argument("--tie-break", choices=[t.value for t in TieBreak], default="order",
                       help="how ties are broken (default: PROJECTS order)")
    solve.add_argument("--json", action="store_true", help="print one JSON object")
    check = sub.add_parser("check", help="does the engine reproduce the file's selected column?")
    check.add_argument("file", help="a pabulib .pb file")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (without the program name); return the exit status."""
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        election = pabulib.read(args.file)
        if args.command == "solve":
            refused = solve_problems(args.file)
            if refused:
                for problem in refused:
                    print(f"error: {args.file}: {problem}", file=sys.stderr)
                print("error: not counted: fix the file first (`xihu pb check` replays it as "
                      "published, counting such ballots as invalid)", file=sys.stderr)
                return 2
            return _solve(election, args)
        return _check(election, args)
    except pabulib.PabulibError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except TieError as exc:
        print(f"error: {args.file}: {exc} (use --tie-break order or cost)", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return 2


def _warn(plan: replay.Plan) -> None:
    for warning in plan.warnings:
        print(f"warning: {warning}", file=sys.stderr)


def _solve(election: pabulib.Election, args: argparse.Namespace) -> int:
    allocation, plan = replay.solve(election, args.rule, args.tie_break)
    _warn(plan)
    if args.json:
        data = allocation.to_dict()
        data["file"] = args.file
        data["options"] = {k: money_json(v) for k, v in plan.options.items()}
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"rule: {allocation.rule} {_options(plan)}".rstrip())
    print(f"tie-break: {allocation.tie_break}")
    print(f"funded ({len(allocation.selected)}): {', '.join(allocation.selected)}")
    print(f"total cost: {money_json(allocation.total_cost)} of {money_json(allocation.budget)}")
    for tie in allocation.ties:
        print(f"tie at step {tie.step}: {', '.join(tie.candidates)} -> {tie.chosen}")
    return 0


def _options(plan: replay.Plan) -> str:
    return " ".join(f"{k}={v}" for k, v in plan.options.items())


def _check(election: pabulib.Election, args: argparse.Namespace) -> int:
    result = replay.check(election)
    _warn(result.plan)
    if args.json:
        print(json.dumps({
            "file": args.file, "rule": result.allocation.rule,
            "options": {k: money_json(v) for k, v in result.plan.options.items()},
            "reproduced": result.reproduced, "official": list(result.official),
            "selected": list(result.allocation.selected), "missing": list(result.missing),
            "extra": list(result.extra),
            "total_cost": money_json(result.allocation.total_cost)}, ensure_ascii=False))
    else:
        status = "reproduced" if result.reproduced else "DIFFERENT"
        print(f"{args.file}: {status} ({result.allocation.rule} {_options(result.plan)})")
        if result.missing:
            print(f"  official winners not funded by the engine: {', '.join(result.missing)}")
        if result.extra:
            print(f"  funded by the engine, not officially: {', '.join(result.extra)}")
    return 0 if result.reproduced else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
