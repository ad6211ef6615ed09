"""Benchmark: Xihu engine vs pabutools on the largest shared pabulib files, plus a synthetic
edition of 1,000,000 approval ballots.

Run: ``.venv/bin/python benchmarks/bench_engine.py`` (``--quick`` for a smoke run). pabutools runs
in a child process killed after ``--cap`` seconds (reported as a lower bound ``> X``).

Timings on a shared machine are noisy: every engine and line-reading time is the minimum over
``--repeat`` runs, and the line read and the engine run alternate, so that both see the same
load. pabutools runs once per file and rule (it takes seconds to minutes).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from xihu.engine import pabulib  # noqa: E402
from xihu.engine.rules import equal_shares, greedy  # noqa: E402

BIG = ["Poland_Lodz_2022.pb", "Poland_Wroclaw_2015_150_-_500.pb", "Poland_Krakow_2024.pb",
       "Poland_Warszawa_2026.pb"]


def data_dir() -> Path:
    configured = os.environ.get("XIHU_PABULIB_DIR")
    return Path(configured) if configured else (ROOT / ".." / "shared" / "data" / "pabulib")


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def best_of_pair(first, second, repeat: int) -> tuple[float, float, float, float]:
    """Minimum wall times of ``first`` and ``second``, run alternately ``repeat`` times each,
    then their minimum CPU times (``time.process_time``: not inflated by waiting for a core)."""
    wall: tuple[list[float], list[float]] = ([], [])
    cpu: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for k, fn in enumerate((first, second)):
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            wall[k].append(time.perf_counter() - start)
            cpu[k].append(time.process_time() - start_cpu)
    return min(wall[0]), min(wall[1]), min(cpu[0]), min(cpu[1])


def read_lines(path: Path) -> None:
    with open(path, encoding="utf-8") as f:
        for _line in f:
            pass


def engine_greedy(path: Path) -> None:
    e = pabulib.read(path)
    greedy(e.instance, e.profile)


def engine_mes(path: Path) -> None:
    e = pabulib.read(path)
    equal_shares(e.instance, e.profile, completion="none")


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
        return f"> {cap:.0f} s"
    return queue.get() if not queue.empty() else "failed"


def fmt(value: float | str) -> str:
    return f"{value * 1000:.0f} ms" if isinstance(value, float) else value


def ratio(a: float | str, b: float) -> str:
    if isinstance(a, float):
        return f"{a / b:.0f}x"
    if a.startswith(">"):
        return f"> {float(a[1:].split()[0]) / b:.0f}x"
    return "n/a"


def synthetic(path: Path, n_ballots: int, n_projects: int = 200, k: int = 5) -> None:
    rng = random.Random(2024)
    weights = [1 / (j + 1) for j in range(n_projects)]
    with open(path, "w", encoding="utf-8") as f:
        f.write("META\nkey;value\nbudget;10000000\nvote_type;approval\nrule;greedy\n")
        f.write(f"max_length;{k}\nPROJECTS\nproject_id;cost;name\n")
        for j in range(n_projects):
            f.write(f"{j + 1};{rng.randint(10, 500) * 1000};Project {j + 1}\n")
        f.write("VOTES\nvoter_id;vote;age;sex\n")
        for v in range(n_ballots):
            choice = {rng.choices(range(n_projects), weights)[0] + 1
                      for _ in range(rng.randint(1, k))}
            f.write(f"{v + 1};{','.join(map(str, choice))};{rng.randint(16, 90)};F\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one file, short caps, 100k synthetic")
    parser.add_argument("--cap", type=float, default=300.0, help="pabutools time cap (s)")
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="synthetic ballots")
    parser.add_argument("--no-pabutools", action="store_true",
                        help="engine and line-read columns only (pabutools takes minutes)")
    parser.add_argument("--repeat", type=int, default=9,
                        help="runs per engine / line-read measurement (the minimum is kept)")
    args = parser.parse_args(argv)
    repeat = max(1, args.repeat)
    mes_repeat = max(1, repeat // 3)
    files = BIG[:1] if args.quick else BIG
    cap = min(args.cap, 30.0) if args.quick else args.cap
    n_synth = min(args.synthetic, 100_000) if args.quick else args.synthetic
    folder = data_dir()
    print(f"engine and read-lines times: best of {repeat} alternating runs (MES: best of "
          f"{mes_repeat}); pabutools: one run, capped at {cap:.0f} s\n")
    print("| file | voters | pabutools parse+greedy | engine parse+greedy | ratio "
          "| pabutools parse+MES | engine parse+MES | ratio | read lines | engine greedy / read "
          "| same, CPU time |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name in files:
        path = folder / name
        if not path.exists():
            print(f"| {name} | missing | | | | | | | | | |")
            continue
        voters = pabulib.read(path).profile.n_ballots
        floor, eng_g, floor_cpu, eng_cpu = best_of_pair(lambda p=path: read_lines(p),
                                                        lambda p=path: engine_greedy(p), repeat)
        eng_m = best_of(lambda p=path: engine_mes(p), mes_repeat)
        if args.no_pabutools:
            pab_g = pab_m = "skipped"
        else:
            pab_g = pabutools_time("greedy", path, cap)
            pab_m = pabutools_time("mes", path, cap)
        print(f"| {name} | {voters} | {fmt(pab_g)} | {fmt(eng_g)} | {ratio(pab_g, eng_g)} "
              f"| {fmt(pab_m)} | {fmt(eng_m)} | {ratio(pab_m, eng_m)} | {fmt(floor)} "
              f"| {eng_g / floor:.2f}x | {eng_cpu / floor_cpu:.2f}x |", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.pb"
        synthetic(path, n_synth)

        def tally_greedy() -> None:
            e = pabulib.read(path)
            e.tally.check()
            greedy(e.instance, e.tally.votes)

        synth_repeat = max(3, repeat // 2)
        floor, eng, floor_cpu, eng_cpu = best_of_pair(lambda: read_lines(path), tally_greedy,
                                                      synth_repeat)
        size = path.stat().st_size / 1e6
        print(f"\nsynthetic: {n_synth} approval ballots, 200 projects, {size:.0f} MB "
              f"(best of {synth_repeat} alternating runs): read lines {fmt(floor)}, engine "
              f"read+tally+greedy {fmt(eng)} ({eng / floor:.2f}x the line read; CPU time "
              f"{fmt(floor_cpu)} vs {fmt(eng_cpu)}, {eng_cpu / floor_cpu:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
