"""Benchmark: a city, ten times the pilot, against the pilot itself (issue 16 point 3, issue 13's
capacity planning), on PostgreSQL.

Run: ``.venv/bin/python benchmarks/bench_city.py [--scale 10] [--pg URL] [--keep]``. Needs
PostgreSQL on 127.0.0.1:5432 (trust auth). For each size (1 and --scale) it makes a database of
its own (``city_bench_x1``, ``city_bench_x10``; kept with --keep and reused when they hold the
edition already), then:

1. builds the edition with ``xihu simulate --scale N`` (the simulator through the platform's
   services, the default pilot parameters multiplied): seconds, throughput per stage, peak MB;
2. measures the public pages on it with benchmarks/bench_pages.py (server ms one request at a
   time, queries, req/s under concurrent readers against the framework floor in the same run);
3. exports the open data with ``xihu export`` and verifies it with the standalone verifier
   (benchmarks/bench_export.py's ``measure_export`` and ``measure_export_verify``): seconds and
   peak memory of each, in their own processes.

Then it prints, per figure, the 10x value against the 1x value and the growth per unit of size
(ratio / scale): 1.0 or less is linear or better. The load average is printed before and after
each step (the machine is shared). The 10x build takes long (tens of minutes of CPU): run it once.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
XIHU = str(ROOT / ".venv" / "bin" / "xihu")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def in_process(command: list[str], env: dict) -> dict:
    """Run a command in its own process: wall seconds, CPU seconds and its peak resident MB
    (os.wait4's rusage of that process alone; bench_export.measured does the same without CPU)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode(errors="replace")
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return {"seconds": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
            "peak_mb": usage.ru_maxrss / 1024, "output": output}


# --- 1. the edition ------------------------------------------------------------------------


def database(pg: str, name: str, *, fresh: bool) -> str:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if fresh or not exists:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{pg}/{name}"


def environment(url: str, data: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": url, "XIHU_DATA_DIR": str(data),
           # the key the simulation's log was signed with (made in the data folder): the ledger
           # page reads it, and production settings never make one
           "XIHU_LEDGER_SIGNING_KEY_FILE": str(data / "ledger-signing-key.pem"),
           "PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'benchmarks'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def build(scale: int, env: dict, data: Path) -> dict:
    """`xihu simulate --scale N` on the database of `env` (skipped when its JSON report is kept)."""
    report = data / f"simulate-x{scale}.json"
    if report.exists():
        return json.loads(report.read_text()) | {"reused": True}
    print(f"  xihu simulate --scale {scale} (load {load()}) ...", flush=True)
    run = in_process([XIHU, "simulate", "--scale", str(scale), "--edition", edition_slug(scale), "--quiet",
                      "--json", str(report)], env)
    found = json.loads(report.read_text())
    found.update(wall=run["seconds"], cpu=run["cpu"], peak_mb=run["peak_mb"], load_after=load())
    report.write_text(json.dumps(found, ensure_ascii=False, indent=1, default=str))
    return found


def edition_slug(scale: int) -> str:
    return f"city-x{scale}"


# --- 2. the public pages -------------------------------------------------------------------


def pages(env: dict, args, scale: int) -> list[dict]:
    """bench_pages' measurement of every public page, on this database's edition."""
    import bench_pages

    env = {**env, "XIHU_BENCH_EDITION": edition_slug(scale)}
    bench_pages.prepare = lambda backend, _args, _version: dict(env)  # our database, as built
    options = argparse.Namespace(workers=args.workers, readers=args.readers, seconds=args.seconds,
                                 warmup=2.0, repeat=args.repeat, pg=args.pg, pg_db="", quick=True)
    return bench_pages.run("postgresql", options, "city")


# --- 3. export and verify ------------------------------------------------------------------


def export_verify(env: dict, scale: int, data: Path) -> dict:
    import bench_export

    out = data / f"export-x{scale}"
    exported = bench_export.measure_export(out, edition_slug(scale), env)
    verified = bench_export.measure_export_verify(out)
    return {"export": exported, "verify": verified}


# --- the comparison -----------------------------------------------------------------------


def figures(built: dict, page_rows: list[dict], ev: dict) -> dict[str, float]:
    out = {"simulate s": built.get("seconds", 0.0)}
    for stage in built.get("stages", []):
        out[f"simulate {stage['name']} s"] = stage["seconds"]
    for row in page_rows:
        out[f"page {row['page']} ms"] = row["p50"]
        out[f"page {row['page']} req/s"] = row["rate"]
    exported, verified = ev.get("export", {}), ev.get("verify", {})
    for name, found, key in (("export s", exported, "seconds"), ("export peak MB", exported, "peak_mb"),
                             ("export written MB", exported, "written_mb"), ("verify s", verified, "verify_s"),
                             ("verify peak MB", verified, "verify_peak_mb"),
                             ("read floor s", verified, "read_floor_s")):
        if key in found:
            out[name] = found[key]
    return out


def compare(small: dict[str, float], large: dict[str, float], scale: int) -> None:
    print(f"\n  figure | 1x | {scale}x | ratio | ratio / {scale} (1.0 or less: linear or better)")
    for name, base in small.items():
        if name not in large:
            continue
        ratio = large[name] / base if base else float("nan")
        if name.endswith("req/s"):  # a rate: fewer requests a second is the growth
            ratio = base / large[name] if large[name] else float("nan")
        print(f"  | {name:<34} | {base:10.1f} | {large[name]:10.1f} | {ratio:7.2f} | {ratio / scale:5.2f} |")


def measure(scale: int, args) -> dict[str, float]:
    data = Path(args.data) / f"x{scale}"
    data.mkdir(parents=True, exist_ok=True)
    url = database(args.pg, f"{args.db_prefix}_x{scale}", fresh=not (data / f"simulate-x{scale}.json").exists())
    env = environment(url, data)
    print(f"\n== {scale}x the pilot on {url} (load {load()})", flush=True)
    built = build(scale, env, data)
    for stage in built.get("stages", []):
        print(f"    {stage['name']:<12} {stage['seconds']:8.1f} s {stage['items']:10,} {stage['rate']:9.0f}/s "
              f"{stage['what']}")
    page_rows = [] if args.no_pages else pages(env, args, scale)
    ev = {} if args.no_export else export_verify(env, scale, data)
    return figures(built, page_rows, ev)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="the city, in times the pilot (default 10)")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-prefix", default="city_bench")
    parser.add_argument("--data", default=str(Path(tempfile.gettempdir()) / "xihu-bench-city"))
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--no-pages", action="store_true")
    parser.add_argument("--no-export", action="store_true")
    args = parser.parse_args()
    print(f"bench_city: 1x and {args.scale}x the pilot on PostgreSQL; load average {load()}")
    small = measure(1, args)
    large = measure(args.scale, args)
    compare(small, large, args.scale)
    print(f"\n  load average at the end {load()}")


if __name__ == "__main__":
    main()
