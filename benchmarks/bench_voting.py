"""Benchmark: voting week under load, through the real server (gunicorn, production settings,
PostgreSQL), with the log's sequencer running beside it, against peers measured in the same run.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_voting.py`` (``--quick``: a short
smoke run). Needs PostgreSQL on 127.0.0.1:5432 (trust auth); the database ``--db`` (default
bench_voting) is dropped and made afresh. Everything stays on loopback and is bounded in time.

It prints, with the load average before, during and after:
(a) an offered load of one voter every 5 s per officer (50 officers: 10 voters a second): p50
    and p95 per request, errors, and whether p95 < 200 ms with no error;
(b) full speed: voters a second through Xihu, and through bare Django views on the same server
    inserting the same rows with no checks, no log and no template, in alternating rounds;
    Xihu must reach half (the median of the rounds' ratios);
(c) the log's append against a plain INSERT transaction at 1, 4 and 16 writers (within 1.5x);
the plain-SQL floor, the queries per voter (counted by the server), the CPU per voter in the
web workers and in PostgreSQL, and that every success is stored once (the database's counts,
then every box sealed: its ballots written, shuffled, and counted).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from voting_load import KINDS, run_load  # noqa: E402
from voting_peers import plain_sql_floor  # noqa: E402

PASSWORD = "bench-password-2018"  # noqa: S105 - a throw-away benchmark database
TICK = os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float, scale: float = 1000) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * scale


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def recreate(db: str, pg: str) -> None:
    import psycopg

    with psycopg.connect(f"{pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{db}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(argv: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(argv, env=env, cwd=ROOT, start_new_session=True)


def wait_port(port: int, process: subprocess.Popen) -> None:
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited") from None
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return total / TICK


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def backends(dsn: str, db: str) -> list[int]:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        return [r[0] for r in conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s "
                                           "AND pid <> pg_backend_pid()", [db]).fetchall()]


class BackendClock:
    """CPU used by the benchmark database's server processes during a phase: sampled every half
    second, since the web workers' connections come and go (CONN_MAX_AGE)."""

    def __init__(self, dsn: str, db: str):
        self.dsn, self.db, self.first, self.last = dsn, db, {}, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        for pid in backends(self.dsn, self.db):
            seconds = cpu_seconds([pid])
            self.first.setdefault(pid, seconds)
            self.last[pid] = seconds

    def _run(self) -> None:
        while not self.stop.is_set():
            self._sample()
            self.stop.wait(0.5)

    def __enter__(self):
        self._sample()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(10)
        self._sample()

    def total(self) -> float:
        """CPU seconds used so far by every backend seen (each from its first sample)."""
        self._sample()
        return sum(self.last[pid] - self.first[pid] for pid in self.last)


def phase(name: str, args, port: int, officers: list[dict], server, dsn: str, **kw):
    """One load phase; also the CPU its web workers, database backends and load generator used
    in the measured window (after the warm-up), per voter registered in that window."""
    workers = children(server.pid)
    marks: dict[str, tuple[float, float, float]] = {}
    with BackendClock(dsn, args.db) as database:
        def window(edge: str) -> None:
            marks[edge] = (cpu_seconds(workers), database.total(), time.process_time())

        stats, measured = run_load("127.0.0.1", port, officers, window=window, **kw)
    start, end = marks.get("start", (0, 0, 0)), marks.get("end", (0, 0, 0))
    cpu = dict(zip(("web", "db", "load"), (b - a for a, b in zip(start, end, strict=True)), strict=True))
    people = max(1, stats.registered)
    print(f"  {name}: {stats.registered / measured:7.1f} voters/s registered, {stats.cast / measured:7.1f}/s cast "
          f"over {measured:.0f} s; errors {stats.errors}; load average {load()}")
    for kind in KINDS:
        values, queries = stats.latencies[kind], stats.queries[kind]
        if not values:
            continue
        q = f"{sum(queries) / len(queries):5.1f} queries" if queries else ""
        print(f"    {kind:<9} p50 {pct(values, .5):7.1f} ms  p95 {pct(values, .95):7.1f} ms  "
              f"max {pct(values, 1):7.1f} ms  n={len(values):<6} {q}")
    print(f"    CPU per voter: web workers {cpu['web'] / people * 1000:5.1f} ms, PostgreSQL "
          f"{cpu['db'] / people * 1000:5.1f} ms (load generator {cpu['load'] / people * 1000:4.1f} ms)")
    for sample in stats.samples:
        print("    !", sample)
    return stats, measured, cpu


def appends(args, env: dict, title: str, *, judge: bool) -> bool:
    """One series of (c); True when the append is within 1.5x of the plain INSERT everywhere."""
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks/voting_peers.py"), "appends", "1,4,16",
                           str(args.append_seconds)], env={**env, "DJANGO_SETTINGS_MODULE": "xihu.config.settings.dev"},
                          cwd=ROOT, capture_output=True, text=True, check=True)
    rates = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {title}; load average {load()}")
    ok = True
    for writers, r in rates.items():
        slower = r["insert"] / max(1e-9, r["append"])
        ok &= slower <= 1.5
        print(f"    {writers:>2} writers: append {r['append']:8.1f} tx/s, plain INSERT {r['insert']:8.1f} tx/s: "
              f"append takes {slower:.2f}x")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--officers", type=int, default=50)
    parser.add_argument("--paced-seconds", type=float, default=60.0)
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between voters per officer in (a)")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured duration at full speed")
    parser.add_argument("--warmup", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of Xihu and the bare views in (b)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--append-seconds", type=float, default=3.0)
    parser.add_argument("--db", default="bench_voting")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--quick", action="store_true", help="10 officers, short phases")
    args = parser.parse_args()
    if args.quick:
        args.officers, args.paced_seconds, args.seconds, args.warmup, args.append_seconds = 10, 10, 8, 2, 2
    print(f"load average at start {load()} (1/5/15 min; {os.cpu_count()} cores)")
    dsn = f"{args.pg}/{args.db}"
    recreate(args.db, args.pg)
    secret = secrets.token_urlsafe(60)
    env = {**os.environ, "DATABASE_URL": dsn, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'benchmarks'}",
           "XIHU_DATA_DIR": f"/tmp/{args.db}-data", "SECRET_KEY": secret,
           "XIHU_LEDGER_SIGNING_KEY": secrets.token_hex(32)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    t0 = time.perf_counter()
    built = subprocess.run([sys.executable, str(ROOT / "benchmarks/voting_fixture.py"), "build", str(args.officers),
                            PASSWORD], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    officers = json.loads(built.stdout.strip().splitlines()[-1])["officers"]
    print(f"fixture: {len(officers)} officers at their own stations, sessions made up front "
          f"({time.perf_counter() - t0:.0f} s)")
    port = free_port()
    server_env = {**env, "ALLOWED_HOSTS": "127.0.0.1", "CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
                  "DJANGO_SETTINGS_MODULE": "voting_site_settings"}
    server = start([str(ROOT / ".venv/bin/gunicorn"), "xihu.config.wsgi", "-b", f"127.0.0.1:{port}",
                    "-w", str(args.workers), "--timeout", "120", "--log-level", "warning"], server_env)
    sequencer = start([str(ROOT / ".venv/bin/xihu"), "ledger", "sequencer"],
                      {**server_env, "DJANGO_SETTINGS_MODULE": "xihu.config.settings.production"})
    try:
        wait_port(port, server)
        print(f"\nXihu: gunicorn {args.workers} sync workers, production settings, PostgreSQL, the log's "
              f"sequencer running; {len(officers)} officers, each request through HTTP")
        print(f"(a) offered load: one voter every {args.interval:g} s per officer "
              f"({len(officers) / args.interval:g} voters/s), {args.paced_seconds:g} s after {args.warmup:g} s warm-up")
        paced, _m, _c = phase("Xihu paced", args, port, officers, server, dsn, flow="xihu",
                              seconds=args.paced_seconds, warmup=args.warmup, serial0=1_000_000,
                              interval=args.interval)
        worst = max(pct(paced.latencies[k], .95) for k in KINDS if paced.latencies[k])
        ok_a = worst < 200 and paced.errors == 0
        print(f"  => p95 of the slowest request {worst:.1f} ms, errors {paced.errors}: "
              f"{'MET' if ok_a else 'MISSED'} (target p95 < 200 ms, no error)")
        rounds = max(1, args.rounds)
        each, warm = args.seconds / rounds, args.warmup / 2 if rounds > 1 else args.warmup
        print(f"\n(b) full speed, same server, same officers: {rounds} alternating rounds of Xihu and the bare "
              f"views, each {each:g} s after {warm:g} s warm-up (a change of the machine's speed from "
              f"elsewhere hits both alike; judged on the median of the rounds' ratios)")
        ratios, xihu_runs = [], []
        for r in range(rounds):
            print(f" round {r + 1}")
            fast, fm, _fc = phase("Xihu", args, port, officers, server, dsn, flow="xihu", seconds=each,
                                  warmup=warm, serial0=3_000_000 + 100_000 * r)
            bare, bm, _bc = phase("bare Django views (same rows, no checks, no log)", args, port, officers,
                                  server, dsn, flow="bare", seconds=each, warmup=warm,
                                  serial0=5_000_000 + 100_000 * r)
            ratios.append((fast.cast / fm) / max(1e-9, bare.cast / bm))
            xihu_runs.append((fast, fm))
            print(f"  round {r + 1}: Xihu at {ratios[-1]:.0%} of the bare views' rate")
        ratio = sorted(ratios)[len(ratios) // 2]
        print(f"  => Xihu reaches {ratio:.0%} of the bare views' rate (median of "
              f"{', '.join(f'{x:.0%}' for x in ratios)}): {'MET' if ratio >= 0.5 else 'MISSED'} "
              f"(target at least 50%)")
        xihu_rate = sum(run.cast for run, _m in xihu_runs) / sum(m for _r, m in xihu_runs)
        queries = sum(sum(fast.queries[k]) / max(1, len(fast.queries[k])) for k in KINDS)
        print(f"  queries per voter (SQL statements the server ran, transaction control included): {queries:.1f}")
    finally:
        stop(server)
    people, elapsed, lat = plain_sql_floor(dsn, officers, args.seconds)
    print(f"\nPlain-SQL floor (psycopg, {len(officers)} threads, the same rows in two transactions, no HTTP):"
          f" {people / elapsed:8.1f} voters/s, p95 {pct(lat, .95):.1f} ms per voter; load average {load()}")
    print(f"  Xihu at full speed: {xihu_rate / max(1e-9, people / elapsed):.1%} of the floor")
    stop(sequencer)
    print(f"\n(c) the log's append against a plain INSERT transaction (writer processes, median of 5 "
          f"alternating rounds of {args.append_seconds:g} s)")
    ok_c = appends(args, env, "the append alone (the write path; sequencer stopped)", judge=True)
    sequencer = start([str(ROOT / ".venv/bin/xihu"), "ledger", "sequencer"],
                      {**server_env, "DJANGO_SETTINGS_MODULE": "xihu.config.settings.production"})
    try:
        appends(args, env, "with the sequencer integrating the entries meanwhile (the whole log)", judge=False)
    finally:
        stop(sequencer)
    print(f"  => {'MET' if ok_c else 'MISSED'} (target: the append within 1.5x at 1, 4 and 16 writers)")
    spec = {"boxes": [o["box"] for o in officers], "bare_boxes": [o["bare_box"] for o in officers]}
    checked = subprocess.run([sys.executable, str(ROOT / "benchmarks/voting_fixture.py"), "check"],
                             input=json.dumps(spec), env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    held = json.loads(checked.stdout.strip().splitlines()[-1])
    people_ok = paced.registered_all + sum(run.registered_all for run, _m in xihu_runs)
    casts_ok = paced.cast_all + sum(run.cast_all for run, _m in xihu_runs)
    stored = (held["registrations"] == 2 * people_ok and held["receipts"] == 2 * casts_ok
              and held["cast_ballots"] == 2 * casts_ok and held["envelopes_after"] == 0)
    print(f"\nStored once: {people_ok} registered people -> {held['registrations']} registrations; {casts_ok} "
          f"casts -> {held['receipts']} receipts and {held['envelopes']} waiting envelopes; after sealing the "
          f"{len(officers)} boxes ({held['seal_seconds']:.1f} s, slowest {held['slowest_seal']:.2f} s): "
          f"{held['cast_ballots']} cast ballots, {held['envelopes_after']} envelopes left: "
          f"{'MET' if stored else 'MISSED'}")
    print(f"\nSummary: (a) p95 {worst:.0f} ms at {len(officers) / args.interval:g} voters/s, errors {paced.errors}: "
          f"{'MET' if ok_a else 'MISSED'}; (b) {ratio:.0%} of the bare views: {'MET' if ratio >= 0.5 else 'MISSED'}; "
          f"(c) {'MET' if ok_c else 'MISSED'}; stored once: {'MET' if stored else 'MISSED'}; "
          f"load average at the end {load()}")


if __name__ == "__main__":
    main()
