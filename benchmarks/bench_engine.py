"""Benchmark: the PB engine against merely reading the file's lines, and against pabutools.

Run: ``.venv/bin/python benchmarks/bench_engine.py`` (also ``make bench``; ``--quick`` for a
smoke run, ``--no-pabutools`` to skip the minutes-long pabutools runs).

The files are every shared pabulib file with at least ``--min-voters`` voters (50,000), largest
first, chosen by their voter counts, plus a synthetic edition of ``--synthetic`` approval ballots
(1,000,000). For each: the floor (reading the file's lines), the engine (parse + tally + greedy;
see ``engine_timing.py``) and their ratio, best of ``--rounds`` alternating runs, in wall time
and in CPU time, with the load average before and after. Then the instructions of one floor run
and one engine run on one file (``--instructions``; by default the file with the highest ratio),
counted by callgrind or perf, which the machine's load does not change. pabutools runs once per
file and rule in a child process killed after ``--cap`` seconds (reported as ``> cap``).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import engine_timing as et  # noqa: E402

from xihu.engine import pabulib  # noqa: E402
from xihu.engine.rules import equal_shares  # noqa: E402


def _pabutools_job(kind: str, path: str, out: mp.Queue) -> None:
    from pabutools.election import Cost_Sat, parse_pabulib
    from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
    start = time.perf_counter()
    try:
        instance, profile = parse_pabulib(path)
        if kind == "greedy":
            greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
        else:
            method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    except Exception as exc:  # report, do not crash the table
        out.put(f"error: {type(exc).__name__}")
        return
    out.put(time.perf_counter() - start)


def pabutools_time(kind: str, path: Path, cap: float) -> float | str:
    """Seconds for pabutools parse + rule, ``"> cap"`` if it runs out of time."""
    ctx = mp.get_context("fork")
    queue: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_pabutools_job, args=(kind, str(path), queue))
    proc.start()
    proc.join(cap)
    if proc.is_alive():
        proc.kill()
        proc.join()
        return f"> {cap:.0f}"
    return queue.get() if not queue.empty() else "failed"


def seconds(value: float | str) -> str:
    return f"{value:.4f}" if isinstance(value, float) else value


def times_faster(other: float | str, engine: float) -> str:
    if isinstance(other, float):
        return f"{other / engine:.0f}x"
    if other.startswith(">"):
        return f"> {float(other[1:]) / engine:.0f}x"
    return "n/a"


def best_mes(path: Path, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        e = pabulib.read(path)
        equal_shares(e.instance, e.profile, completion="none")
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="3 rounds, 100,000 synthetic ballots, no pabutools, 1 counted run")
    parser.add_argument("--min-voters", type=int, default=50_000,
                        help="files with at least this many voters (default 50,000)")
    parser.add_argument("--rounds", type=int, default=11,
                        help="alternating runs per file; the best is kept (default 11)")
    parser.add_argument("--synthetic", type=int, default=1_000_000,
                        help="synthetic approval ballots (0: none)")
    parser.add_argument("--no-pabutools", action="store_true", help="skip pabutools")
    parser.add_argument("--cap", type=float, default=300.0, help="pabutools time cap (s)")
    parser.add_argument("--instructions", default="auto",
                        help="file (name or part of it) whose instructions are counted; "
                             "'auto': the one with the highest ratio; 'none': skip")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else max(1, args.rounds)
    n_synth = min(args.synthetic, 100_000) if args.quick else args.synthetic
    use_pabutools = not (args.quick or args.no_pabutools)
    started = datetime.now(UTC)
    load_before = et.load_average()
    files = et.largest_files(et.data_dir(), args.min_voters)
    voters = {p: v for p, v in files}
    with tempfile.TemporaryDirectory() as tmp:
        paths = [p for p, _ in files]
        if n_synth:
            synth = Path(tmp) / f"synthetic_{n_synth}.pb"
            et.synthetic(synth, n_synth)
            voters[synth] = n_synth
            paths.append(synth)
        # small files: three alternating pairs per round (more samples, the same total time)
        best = et.alternate(paths, rounds,
                            lambda p: 3 if p.stat().st_size < 10_000_000 else 1)
        load_after = et.load_average()
        print(f"engine benchmark, {started:%Y-%m-%d %H:%M} UTC, command: "
              f"{' '.join(['benchmarks/bench_engine.py', *sys.argv[1:]])}")
        print(f"load average before: {load_before}; after the timed runs: {load_after}")
        print(f"files: every shared file with >= {args.min_voters:,} voters ({len(files)}), "
              f"largest first, and the synthetic edition; best of {rounds} rounds of alternating "
              "runs (3 pairs per round for files under 10 MB)\n")
        pab: dict[Path, tuple[float | str, float | str, float]] = {}
        if use_pabutools:
            for path in paths[:len(files)]:
                pab[path] = (pabutools_time("greedy", path, args.cap),
                             pabutools_time("mes", path, args.cap), best_mes(path, 3))
        print("| file | voters | line-read floor s | engine s | ratio | CPU-time ratio "
              "| pabutools parse+greedy s | engine faster by |")
        print("|---|---|---|---|---|---|---|---|")
        for path in paths:
            b = best[path]
            g = pab[path][0] if path in pab else "not run"
            print(f"| {path.name} | {voters[path]:,} | {b.floor:.4f} | {b.engine:.4f} "
                  f"| {b.ratio:.2f}x | {b.cpu_ratio:.2f}x | {seconds(g)} "
                  f"| {times_faster(g, b.engine) if path in pab else 'n/a'} |", flush=True)
        if pab:
            print("\n| file | pabutools parse+MES s | engine parse+MES s | engine faster by |")
            print("|---|---|---|---|")
            for path, (_, mes, ours) in pab.items():
                print(f"| {path.name} | {seconds(mes)} | {ours:.4f} | {times_faster(mes, ours)} |")
        counted = None
        if args.instructions != "auto":
            counted = next((p for p in paths if args.instructions in p.name), None)
        elif paths:
            counted = max(paths, key=lambda p: best[p].ratio)
        tool = et.instruction_counter() if args.instructions != "none" else None
        if counted is not None and tool is not None:
            runs = 1 if args.quick or counted.stat().st_size > 10_000_000 else 3
            floor_i, engine_i = et.instructions(tool, counted, runs)
            print(f"\ninstructions ({tool}) on {counted.name}: line-read floor "
                  f"{floor_i / 1e6:.1f} M, engine {engine_i / 1e6:.1f} M, "
                  f"ratio {engine_i / floor_i:.2f}x")
        elif args.instructions != "none":
            print("\ninstructions: neither perf counters nor valgrind are available here")
    print(f"\nload average at the end: {et.load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
