"""Benchmark: voting week under load. 50 station officers at once register voters and record
their electronic ballots through the real server (gunicorn, production settings, PostgreSQL).

Run: ``.venv/bin/python benchmarks/bench_voting.py`` (``--quick`` for a short smoke run).
Needs PostgreSQL on 127.0.0.1:5432 (trust auth); the database ``bench_voting`` is dropped and
created afresh. Everything stays on loopback; the run is bounded in time and in voters.

Prints sustained registrations and ballots per second and latency percentiles, then the same
work done as plain SQL (two INSERT transactions per voter by 50 psycopg threads, no HTTP, no
checks, no ledger): the floor the database itself sets, the only honest peer on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from voting_load import run_load  # noqa: E402

PASSWORD = "bench-password-2018"  # noqa: S105 - a throw-away benchmark database


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def recreate(db: str, pg: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "xihu.config.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--timeout", "60", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True)
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def plain_sql_peer(dsn: str, officers: list[dict], seconds: float) -> tuple[int, float, list[float]]:
    """The same rows written by plain SQL: a registration transaction, then a ballot one."""
    import psycopg

    done, latencies, lock = [0], [], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(i: int, row: dict) -> None:
        with psycopg.connect(dsn, autocommit=False) as conn:
            n = 0
            while time.perf_counter() < deadline:
                n += 1
                key = f"plain-{i}-{n}"
                start = time.perf_counter()
                with conn.transaction():
                    for kind in ("community", "street"):
                        conn.execute(
                            "INSERT INTO voting_registration (edition_id, ballot_kind, voter_key, community_id, "
                            "station_id, box_id, officer_id, registered_at, basis, proof, mode) "
                            "VALUES (%s,%s,%s,%s,%s,%s,%s,now(),'work','work_card','electronic')",
                            [row["edition"], kind, key, row["community"], row["station"], row["box"],
                             row["officer"]])
                with conn.transaction():
                    for ballot in row["ballots"]:
                        conn.execute(
                            "INSERT INTO voting_castballot (id, ballot_id, box_id, day, choices, status, "
                            "invalid_reason, source, receipt_hash) VALUES (%s,%s,%s,%s,'[1,2]','valid','',"
                            "'electronic',%s)",
                            [uuid.uuid4(), ballot, row["box"], date.today(), secrets.token_hex(32)])
                with lock:
                    done[0] += 1
                    latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=worker, args=(i, row)) for i, row in enumerate(officers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0], time.perf_counter() - start, latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0, help="measured duration")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--max-voters", type=int, default=2000, help="per officer (a bound)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers")
    parser.add_argument("--db", default="bench_voting")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--quick", action="store_true", help="10 officers, 8 seconds")
    args = parser.parse_args()
    if args.quick:
        args.officers, args.seconds, args.warmup = 10, 8.0, 2.0
    dsn = f"{args.pg}/{args.db}"
    recreate(args.db, args.pg)
    env = {**os.environ, "DATABASE_URL": dsn, "PYTHONPATH": str(ROOT / "src"),
           "XIHU_DATA_DIR": f"/tmp/{args.db}-data"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    t0 = time.perf_counter()
    fixture = subprocess.run([sys.executable, str(ROOT / "benchmarks/voting_fixture.py"), str(args.officers),
                              PASSWORD], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    officers = json.loads(fixture.stdout.strip().splitlines()[-1])["officers"]
    print(f"fixture: {len(officers)} officers at their own stations ({time.perf_counter() - t0:.1f}s)")
    port = free_port()
    server_env = {**env, "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "127.0.0.1",
                  "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
                  "DJANGO_SETTINGS_MODULE": "xihu.config.settings.production"}
    server = start_server(server_env, port, args.workers)
    try:
        stats, measured = run_load("127.0.0.1", port, officers, PASSWORD, seconds=args.seconds,
                                   warmup=args.warmup, max_voters=args.max_voters)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    everything = [x for values in stats.latencies.values() for x in values]
    print(f"\nXihu (gunicorn {args.workers} sync workers, production settings, PostgreSQL), "
          f"{len(officers)} concurrent officers, {measured:.1f}s measured after {args.warmup:.0f}s warm-up:")
    print(f"  registrations (people, 2 ballots each): {stats.registrations / measured:8.1f} /s")
    print(f"  electronic ballot submissions:          {stats.ballots / measured:8.1f} /s")
    print(f"  registrations + ballots:                {(stats.registrations + stats.ballots) / measured:8.1f} /s")
    for name, values in stats.latencies.items():
        print(f"  {name:<9} p50 {pct(values, .5):7.1f} ms   p95 {pct(values, .95):7.1f} ms   n={len(values)}")
    print(f"  all requests p95 {pct(everything, .95):7.1f} ms; refused {stats.refusals}; errors {len(stats.errors)}")
    for error in stats.errors:
        print("   !", error)
    people, elapsed, lat = plain_sql_peer(dsn, officers, args.seconds)
    print(f"\nPeer: plain SQL floor (psycopg, {len(officers)} threads, the same rows, no HTTP/checks/ledger):")
    print(f"  registrations + ballots: {2 * people / elapsed:8.1f} /s   p95 per voter {pct(lat, .95):7.1f} ms")
    ratio = (stats.registrations + stats.ballots) / measured / max(1e-9, 2 * people / elapsed)
    print(f"\nXihu sustains {ratio:.1%} of the plain-SQL floor (median voter cost "
          f"{statistics.median(everything) * 1000 if everything else float('nan'):.1f} ms per request).")


if __name__ == "__main__":
    main()
