"""Benchmark: the public pages at the pilot's scale (the full demo: 72,440 voters), through the real
server (gunicorn, production settings), on SQLite and on PostgreSQL, against the framework's floor
measured in the same run: a bare Django view on the same server, behind the same middleware.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_pages.py`` (``--db sqlite`` or
``--db postgresql`` for one database; ``--quick``: shorter load phases). The demo is built once
per version of the code that builds it (migrations, services, the simulation) and kept: the
SQLite data folder under var/bench_pages/<version>/, the PostgreSQL database ``--pg-db`` (default
bench_pages) with its version noted in var/bench_pages/<version>-pg-files/. Needs PostgreSQL on 127.0.0.1:5432 (trust auth) for the PostgreSQL half. Everything
stays on loopback and is bounded in time.

Per page it prints: the server time of one request at a time (median, slowest and first of
--repeat requests; the server's own clock, from the first middleware to the response built; the
first request of a page in a worker renders it for the log head, later anonymous ones get the
page kept whole: web/pagecache.py), the SQL statements of the first and of the last request, then
the requests a second served to --readers
concurrent readers for --seconds, the ratio to the floor's, errors and timeouts, and last the
median server time and queries of --repeat requests of a logged-in reader (a session the
benchmark writes for the demo's first person: the frame is rendered for them around the kept
body). Targets (issue 16): median server time under 100 ms, and at least a third of the floor's
requests a second with no error and no timeout (anonymous readers).
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_voting import free_port, load, pct, start, stop, wait_port  # noqa: E402

VAR = ROOT / "var" / "bench_pages"
TIMEOUT = 30.0  # seconds: a reader waiting longer counts a timeout
FLOOR = "/bench/floor/"


# What decides the demo's rows: the schema and the simulation that loads it through the services.
DEMO_SOURCES = ["src/xihu/apps/*/migrations", "src/xihu/apps/demo", "src/xihu/apps/simulation",
                "src/xihu/apps/*/services*"]


def code_version() -> str:
    """The version of the code that builds the demo (DEMO_SOURCES, committed or not): a new one
    rebuilds it; a change to a page's view or template does not."""
    listed = subprocess.run(["git", "ls-files", "-s", "--", *DEMO_SOURCES], cwd=ROOT, capture_output=True).stdout
    diff = subprocess.run(["git", "diff", "HEAD", "--", *DEMO_SOURCES], cwd=ROOT, capture_output=True).stdout
    return hashlib.sha256(listed + diff).hexdigest()[:16]


def build_demo(env: dict, title: str) -> None:
    t0 = time.perf_counter()
    print(f"  building the full demo on {title} (once per code version) ...", flush=True)
    subprocess.run([str(ROOT / ".venv/bin/xihu"), "demo", "--quiet-logins"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"  built in {time.perf_counter() - t0:.0f} s", flush=True)


def prepare(backend: str, args, version: str) -> dict:
    """The environment of a server on the full demo of this database, built if not there yet."""
    data = VAR / (version if backend == "sqlite" else f"{version}-pg-files")
    env = {**os.environ, "XIHU_DATA_DIR": str(data), "PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'benchmarks'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    marker, stamp = data / "demo-built", version if backend == "sqlite" else f"{version} {args.pg_db}"
    if backend == "postgresql":
        import psycopg

        env["DATABASE_URL"] = f"{args.pg}/{args.pg_db}"
        if not marker.exists() or marker.read_text() != stamp:
            with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.pg_db}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{args.pg_db}"')
    if not marker.exists() or marker.read_text() != stamp:
        for old in VAR.iterdir() if VAR.exists() else []:  # earlier versions' demos of this database
            if old.name.endswith("-pg-files") == (backend == "postgresql"):
                shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)
        data.mkdir(parents=True)
        build_demo(env, backend)
        marker.write_text(stamp)
    env["XIHU_LEDGER_SIGNING_KEY_FILE"] = str(data / "ledger-signing-key.pem")
    return env


def page_paths(env: dict) -> tuple[list[tuple[str, str]], str]:
    """(name, path) of every public page, on the demo's own records, and the session cookie of a
    logged-in reader (a session row of the demo's first person, under env's SECRET_KEY)."""
    done = subprocess.run([sys.executable, __file__, "--paths"], env={
        **env, "DJANGO_SETTINGS_MODULE": "xihu.config.settings.dev"}, cwd=ROOT, capture_output=True, text=True,
        check=True)
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return [tuple(row) for row in found["paths"]], found["session"]


def print_paths() -> None:
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from xihu.apps.accounts.models import User
    from xihu.apps.demo.loader import EDITION_SLUG
    from xihu.apps.editions.models import Edition
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals.models import Proposal

    edition = Edition.objects.get(slug=os.environ.get("XIHU_BENCH_EDITION") or EDITION_SLUG)  # bench_city's
    person = User.objects.filter(is_active=True).order_by("pk").first()
    session = SessionStore()
    session.update({SESSION_KEY: str(person.pk), HASH_SESSION_KEY: person.get_session_auth_hash(),
                    BACKEND_SESSION_KEY: "xihu.apps.accounts.backends.AccountBackend"})
    session.save()
    street = Unit.objects.filter(parent=edition.district).order_by("code").first()
    community = street.children.order_by("code").first()
    proposal = (Proposal.objects.filter(edition=edition, links__isnull=False).order_by("pk").first()
                or Proposal.objects.filter(edition=edition).order_by("pk").first())
    e = f"/editions/{edition.slug}"
    print(json.dumps({"session": session.session_key, "paths": [
        ("floor (bare view)", FLOOR), ("edition", f"{e}/"), ("results overview", f"{e}/results/"),
        ("street results", f"{e}/results/{street.code}/"), ("community results", f"{e}/results/{community.code}/"),
        ("voting figures", f"{e}/voting/"), ("evaluation", f"{e}/evaluation/"),
        ("ledger", "/ledger/"), ("proposal receipt", f"{e}/proposals/receipt/?code={proposal.receipt_code}"),
    ]}))


def get(conn_box: list, port: int, path: str, cookie: str = "") -> tuple[int, float, int, float]:
    """(status, server ms, queries, wall seconds) of one GET on a kept connection."""
    if conn_box[0] is None:
        conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    conn = conn_box[0]
    begun = time.perf_counter()
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https",
                                           "Accept-Language": "zh-hans", **({"Cookie": cookie} if cookie else {})})
        response = conn.getresponse()
        response.read()
    except (OSError, http.client.HTTPException):
        conn.close()
        conn_box[0] = None
        raise
    return (response.status, float(response.getheader("X-Xihu-Ms", "nan")),
            int(response.getheader("X-Xihu-Queries", "-1")), time.perf_counter() - begun)


def one_at_a_time(port: int, path: str, repeat: int, cookie: str = "") -> tuple[list[float], list[int], int]:
    """Server ms and queries of each request, and how many failed; the first request of a page
    renders it (in the worker it reaches), the later ones mostly find it kept."""
    box, times, queries, bad = [None], [], [], 0
    for _ in range(repeat):
        try:
            status, ms, count, wall = get(box, port, path, cookie)
        except (OSError, http.client.HTTPException):
            status, ms, count = 0, TIMEOUT * 1000, -1  # counted as an error, at the reader's timeout
        bad += status != 200
        times.append(ms)
        queries.append(count)
    return times, queries, bad


def logged_in(port: int, path: str, cookie: str) -> bool:
    """Whether the server takes the session cookie as a logged-in reader's (its page is private)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Cookie": cookie})
        response = conn.getresponse()
        response.read()
        return "private" in (response.getheader("Cache-Control") or "")
    finally:
        conn.close()


def prime(port: int, path: str, count: int) -> None:
    """`count` requests at once, so that every worker has served the page once (and kept its
    body) before the readers are counted: the body is rendered once per log head per worker."""
    def once() -> None:
        try:
            one_at_a_time(port, path, 1)
        except (OSError, http.client.HTTPException):
            pass  # counted in the readers' phase if it persists

    threads = [threading.Thread(target=once, daemon=True) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 4)


def readers(port: int, path: str, count: int, seconds: float, warmup: float) -> tuple[float, int, int]:
    """(requests a second answered 200 in the measured window, errors, timeouts)."""
    lock, tally = threading.Lock(), {"ok": 0, "errors": 0, "timeouts": 0}
    begin = time.perf_counter() + warmup
    deadline = begin + seconds

    def reader() -> None:
        box = [None]
        while (now := time.perf_counter()) < deadline:
            try:
                status, _ms, _q, _wall = get(box, port, path)
                key = "ok" if status == 200 else "errors"
            except TimeoutError:
                key = "timeouts"
            except (OSError, http.client.HTTPException):
                key = "errors"
            if now >= begin and time.perf_counter() <= deadline + TIMEOUT:
                with lock:
                    tally[key] += 1

    threads = [threading.Thread(target=reader, daemon=True) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(warmup + seconds + TIMEOUT + 5)
    return tally["ok"] / seconds, tally["errors"], tally["timeouts"]


def run(backend: str, args, version: str) -> list[dict]:
    print(f"\n== {backend}: the full demo; load average {load()}", flush=True)
    env = prepare(backend, args, version)
    env = {**env, "SECRET_KEY": secrets.token_urlsafe(60)}
    paths, session = page_paths(env)
    port = free_port()
    server_env = {**env, "ALLOWED_HOSTS": "127.0.0.1", "DJANGO_SETTINGS_MODULE": "voting_site_settings"}
    server = start([str(ROOT / ".venv/bin/gunicorn"), "xihu.config.wsgi", "-b", f"127.0.0.1:{port}", "-w",
                    str(args.workers), "--timeout", "120", "--log-level", "warning"], server_env)
    rows = []
    try:
        wait_port(port, server)
        cookie = f"sessionid={session}"
        print(f"  gunicorn, {args.workers} sync workers, production settings; one request at a time "
              f"({args.repeat} each), then {args.readers} readers for {args.seconds:g} s after "
              f"{args.warmup:g} s warm-up", flush=True)
        for name, path in paths:
            times, counts, bad = one_at_a_time(port, path, args.repeat)
            queries, kept = counts[0], counts[-1]  # rendering the page; the page kept
            prime(port, path, 3 * args.workers)
            rate, errors, timeouts = readers(port, path, args.readers, args.seconds, args.warmup)
            # a logged-in reader, one request at a time: the frame rendered for them, the body kept
            mine, mine_counts, mine_bad = one_at_a_time(port, path, args.repeat, cookie)
            rows.append({"page": name, "path": path, "p50": pct(times, .5, 1), "max": max(times),
                         "first": times[0], "queries": queries, "kept_queries": kept, "rate": rate,
                         "errors": errors + bad, "timeouts": timeouts, "mine": pct(mine, .5, 1),
                         "mine_queries": mine_counts[-1], "mine_errors": mine_bad, "load": load()})
            print(f"    {name:<20} {rows[-1]['p50']:7.1f} ms (max {rows[-1]['max']:7.1f})  {queries:3d}/{kept} queries"
                  f"  {rate:7.1f} req/s  errors {errors + bad} timeouts {timeouts}; logged in {rows[-1]['mine']:.1f} ms"
                  f" {mine_counts[-1]} queries  load {load()}", flush=True)
        if not logged_in(port, paths[1][1], cookie):  # after: it would render a page before its first reader
            print("  ! the logged-in reader's session was refused: its column shows an anonymous reader")
    finally:
        stop(server)
    floor = rows[0]["rate"] or 1e-9
    print(f"\n  {backend}: page | server ms (median, slowest, first) | queries (first, last) | "
          f"req/s under {args.readers} readers | ratio to the floor | verdict | logged in: ms median, queries")
    for row in rows:
        row["ratio"] = row["rate"] / floor
        ok = row["p50"] < 100 and row["ratio"] >= 1 / 3 and not row["errors"] and not row["timeouts"]
        row["met"] = ok
        print(f"  | {row['page']:<20} | {row['p50']:6.1f} / {row['max']:6.1f} / {row['first']:6.1f} | "
              f"{row['queries']:3d} / {row['kept_queries']} | "
              f"{row['rate']:7.1f} | {row['ratio']:5.2f} | {'MET' if ok else 'MISSED'} | "
              f"{row['mine']:6.1f}, {row['mine_queries']} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds of load per page")
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=20, help="requests one at a time per page")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--pg-db", default="bench_pages")
    parser.add_argument("--quick", action="store_true", help="5 s of load per page, 10 requests one at a time")
    parser.add_argument("--paths", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.paths:
        return print_paths()
    if args.quick:
        args.seconds, args.warmup, args.repeat = 5.0, 1.0, 10
    print(f"load average at start {load()} (1/5/15 min; {os.cpu_count()} cores)")
    version = code_version()
    results = {}
    for backend in (("sqlite", "postgresql") if args.db == "both" else (args.db,)):
        results[backend] = run(backend, args, version)
    missed = [f"{b}: {r['page']}" for b, rows in results.items() for r in rows[1:] if not r["met"]]
    print(f"\nSummary: {'every page MET' if not missed else 'MISSED: ' + ', '.join(missed)} "
          f"(median server time < 100 ms, >= 1/3 of the floor's req/s, no error, no timeout); "
          f"load average at the end {load()}")


if __name__ == "__main__":
    main()
