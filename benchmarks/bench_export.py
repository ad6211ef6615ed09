"""Benchmark: the open-data export and its verification, time and peak memory, at the demo's
size and at ten times it, against floors measured in the same run.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_export.py [--db NAME] [--scale 10]``.
Needs PostgreSQL on 127.0.0.1:5432 (trust auth). The database ``--db`` (default stream_bench)
is used as it is when it holds the demo, else made afresh with ``xihu demo`` (minutes).

Each measured step runs in its own process, and its peak memory is that process's maximum
resident set (``os.wait4``'s rusage), so nothing else in this script counts. It prints:

- ``xihu export`` (1x): seconds, peak MB, MB written;
- ``verify.py`` on that export (1x) and on the export made N times larger (``--scale``: every
  paper repeated N times with fresh ids, every log entry N times with valid hashes; the
  verifier does all its work and reports the copies as problems, which is what it must do);
- floors in the same run: reading every byte of the export (SHA-256), and ``json.load`` of
  papers.json and ledger.json (what the verifier did before it streamed);
- ratios (verify / read floor; 10x / 1x) and the load average before and after.

Other benchmarks (benchmarks/bench_city.py) call ``measure_export_verify(path)`` on their own
export, and ``measure_export(out, edition, env)`` to export from their own database.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
VERIFY = ROOT / "src" / "xihu" / "verifier" / "standalone.py"
PG = "postgres://postgres@127.0.0.1:5432"


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def measured(command: list[str], env: dict | None = None) -> dict:
    """Seconds, peak resident MB and exit status of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read()
    err = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": time.perf_counter() - started, "peak_mb": usage.ru_maxrss / 1024,
            "status": process.returncode, "stdout": out.decode(errors="replace"),
            "stderr": err.decode(errors="replace")}


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 2**20


def measure_verify(path: Path) -> dict:
    """verify.py on the export at `path`, as a citizen runs it (plain Python, isolated)."""
    run = measured([sys.executable, "-I", str(VERIFY), str(path)])
    run["problems"] = run["stdout"].count("\nPROBLEM") + run["stdout"].startswith("PROBLEM")
    return run


def measure_floors(path: Path) -> dict:
    """Reading every byte of the export, and the old way: json.load of the two large files."""
    read = ("import hashlib,pathlib,sys\nh=hashlib.sha256()\n"
            "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*')):\n"
            "    if p.is_file():\n        with open(p,'rb') as f:\n"
            "            for b in iter(lambda: f.read(1<<20), b''): h.update(b)\n")
    whole = ("import json,pathlib,sys\nd=pathlib.Path(sys.argv[1])\n"
             "a=json.loads((d/'papers.json').read_text('utf-8'))\nb=json.loads((d/'ledger.json').read_text('utf-8'))\n")
    return {"read": measured([sys.executable, "-I", "-c", read, str(path)]),
            "json_load": measured([sys.executable, "-I", "-c", whole, str(path)])}


def measure_export(out: Path, edition: str, env: dict) -> dict:
    """`xihu export` of `edition` into `out` with the database of `env` (DATABASE_URL)."""
    run = measured([str(BIN / "xihu"), "export", "--out", str(out), "--edition", edition], env=env)
    run["written_mb"] = size_mb(out) if out.exists() else 0.0
    return run


def measure_export_verify(path: Path) -> dict:
    """Verify time and peak memory on the export at `path`, with its floors (for bench_city)."""
    verify = measure_verify(path)
    floors = measure_floors(path)
    return {"export_mb": size_mb(path), "verify_s": verify["seconds"], "verify_peak_mb": verify["peak_mb"],
            "verify_status": verify["status"], "verify_problems": verify["problems"],
            "read_floor_s": floors["read"]["seconds"], "json_load_s": floors["json_load"]["seconds"],
            "json_load_peak_mb": floors["json_load"]["peak_mb"], "load": load()}


def scale_export(source: Path, target: Path, factor: int) -> None:
    """A copy of the export with every paper `factor` times (fresh ids) and every log entry
    `factor` times (new index and uid, hashes recomputed), written one element at a time."""
    sys.path.insert(0, str(ROOT / "src"))
    from xihu.engine import ledger as log
    from xihu.verifier.reading import Export

    shutil.copytree(source, target)
    export = Export(source)
    with open(target / "papers.json", "w", encoding="utf-8") as out:
        out.write("[")
        first = True
        for _copy in range(factor):
            for paper in export.elements("papers.json"):
                out.write(("" if first else ",") + json.dumps({**paper, "id": str(uuid.uuid4())},
                                                              ensure_ascii=False, separators=(",", ":")))
                first = False
        out.write("]")
    rest = {}
    with open(target / "ledger.json", "w", encoding="utf-8") as out:
        out.write('{"entries":[')
        index = 0
        for copy in range(factor):
            for name, value in export.members("ledger.json", "entries"):
                if name != "entries":
                    rest[name] = value
                    continue
                for entry in value:
                    if copy:
                        entry = {**entry, "uid": f"{entry['uid']}-{copy}"}
                    entry["index"] = index
                    entry["entry_hash"] = log.entry_hash(entry)
                    out.write(("," if index else "") + json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
                    index += 1
        out.write("]")
        for name in sorted(rest):
            out.write(f",{json.dumps(name)}:{json.dumps(rest[name], ensure_ascii=False)}")
        out.write("}")


def demo_env(db: str) -> dict:
    env = {**os.environ, "DATABASE_URL": f"{PG}/{db}", "DJANGO_SETTINGS_MODULE": "xihu.config.settings.base"}
    env.pop("XIHU_REQUIRE_BROWSER", None)
    return env


def ensure_demo(db: str, env: dict) -> str:
    """The demo edition's slug, building the demo when the database does not hold it."""
    probe = ("from xihu.apps.demo.loader import EDITION_SLUG\nfrom xihu.apps.editions.models import Edition\n"
             "print(EDITION_SLUG if Edition.objects.filter(slug=EDITION_SLUG).exists() else '')")
    found = subprocess.run([str(BIN / "xihu"), "shell", "-c", probe], env=env, capture_output=True, text=True)
    slug = found.stdout.strip().splitlines()[-1] if found.returncode == 0 and found.stdout.strip() else ""
    if slug:
        return slug
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')
    print(f"building the demo in {db} (minutes) ...", flush=True)
    subprocess.run([str(BIN / "xihu"), "demo", "--quiet-logins"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return ensure_demo(db, env)


def row(name: str, run: dict, extra: str = "") -> None:
    print(f"  {name:<44} {run['seconds']:8.1f} s {run['peak_mb']:8.0f} MB  {extra}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="stream_bench", help="PostgreSQL database holding (or to hold) the demo")
    parser.add_argument("--scale", type=int, default=10, help="the larger size, in times the demo (0: skip)")
    args = parser.parse_args()
    env = demo_env(args.db)
    print(f"== export and verify (load average {load()})")
    slug = ensure_demo(args.db, env)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        one = Path(tmp) / "x1"
        export = measure_export(one, slug, env)
        if export["status"]:
            print(export["stderr"][-2000:])
            return 1
        row("xihu export, demo (1x)", export, f"{export['written_mb']:.0f} MB written")
        floor = measured([str(BIN / "xihu"), "shell", "-c", "import xihu.apps.results.export, numpy"], env=env)
        row("  floor: the xihu command importing the export", floor,
            f"export peak {export['peak_mb'] - floor['peak_mb']:.0f} MB above it")
        results = {"1x": measure_export_verify(one)}
        if args.scale > 1:
            big = Path(tmp) / f"x{args.scale}"
            scale_export(one, big, args.scale)
            results[f"{args.scale}x"] = measure_export_verify(big)
        for name, r in results.items():
            print(f"  export {name}: {r['export_mb']:.0f} MB on disk")
            print(f"  {'verify.py ' + name:<44} {r['verify_s']:8.1f} s {r['verify_peak_mb']:8.0f} MB  "
                  f"{r['verify_s'] / r['read_floor_s']:.1f}x the read floor "
                  f"(status {r['verify_status']}, {r['verify_problems']} problem lines)")
            print(f"  {'  floor: read every byte ' + name:<44} {r['read_floor_s']:8.1f} s")
            print(f"  {'  peer: json.load papers+ledger ' + name:<44} {r['json_load_s']:8.1f} s "
                  f"{r['json_load_peak_mb']:8.0f} MB")
        if args.scale > 1:
            small, large = results["1x"], results[f"{args.scale}x"]
            print(f"  growth 1x -> {args.scale}x: verify time x{large['verify_s'] / small['verify_s']:.1f}, "
                  f"peak memory x{large['verify_peak_mb'] / small['verify_peak_mb']:.1f}, "
                  f"data x{large['export_mb'] / small['export_mb']:.1f}")
        if results["1x"]["verify_status"]:
            print("  the demo's export did not verify:", results["1x"])
            return 1
    print(f"  load average after: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
