"""Where a voter's time goes, in one process: the CPU of each of a voter's requests through the
benchmark server's settings (voting_site_settings: production settings, the bare peer's views,
the statement-counting middleware) with Django's test client, no HTTP and no gunicorn.

Run: ``.venv/bin/python benchmarks/voting_profile.py [--db NAME] [--voters N]
[--flow xihu|xihu-noscript|bare|floor] [--profile [--only KIND]]``. The database ``--db``
(default voting_profile) is dropped and made afresh with the benchmark's fixture (2 officers).
Prints the CPU per voter and per request with the load average; ``--profile`` adds cProfile's
largest entries (CPU time; the profiler itself slows the run down); ``--only register`` (or
tablet, review, cast) profiles that kind of request alone. ``--flow xihu`` is the tablet with
its script (the review in the page: three requests); ``--flow xihu-noscript`` adds the review as
a page of its own (four). ``--flow floor`` measures Django's request handling alone (a bare
view, GET and POST).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
FORM = "application/x-www-form-urlencoded"


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="voting_profile")
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--voters", type=int, default=300)
    parser.add_argument("--flow", choices=("xihu", "xihu-noscript", "bare", "floor"), default="xihu")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sql", action="store_true", help="print the statements of one more voter at the end")
    parser.add_argument("--only", help="with --profile: profile only this kind of request (register, tablet, ...)")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
    from bench_voting import BackendClock, recreate

    recreate(args.db, args.pg)
    env = {**os.environ, "DATABASE_URL": f"{args.pg}/{args.db}", "SECRET_KEY": secrets.token_urlsafe(60),
           "XIHU_DATA_DIR": f"/tmp/{args.db}-data", "PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'benchmarks'}"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    built = subprocess.run([sys.executable, str(ROOT / "benchmarks/voting_fixture.py"), "build", "2", "profile-pw-2018"],
                           env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    row = json.loads(built.stdout.strip().splitlines()[-1])["officers"][0]
    os.environ.update(env, DJANGO_SETTINGS_MODULE="voting_site_settings", ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    from django.test import Client
    from voting_load import id_number

    client = Client(HTTP_X_FORWARDED_PROTO="https")

    def post(path: str, data: dict, **kw):
        """A form POST as a browser and the load generator send it (urlencoded, not multipart)."""
        return client.post(path, urlencode(data, doseq=True), content_type=FORM, **kw)

    client.cookies["sessionid"] = row["session"]
    desk = f"/editions/{row['edition_slug']}/voting/{row['unit']}/"
    serial = [random.randrange(10**6) * 1000]
    cpu: dict[str, list[float]] = {}
    queries: dict[str, list[int]] = {}
    clock = [0.0]
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    measuring = [False]

    def ask(kind: str, call, *a, **kw):
        """One request; under --only KIND, profiled if it is of that kind."""
        on = profiler is not None and measuring[0] and args.only == kind
        if on:
            profiler.enable()
        try:
            return call(*a, **kw)
        finally:
            if on:
                profiler.disable()

    def mark(kind: str, response) -> None:
        now = time.process_time()
        cpu.setdefault(kind, []).append(now - clock[0])
        queries.setdefault(kind, []).append(int(response.get("X-Xihu-Queries", "0")))
        clock[0] = now

    def xihu() -> None:
        serial[0] += 1
        clock[0] = time.process_time()
        r = ask("register", post, desk, {"box": row["box"], "name": "压测", "basis": "work", "proof": "work_card",
                               "id_number": id_number(serial[0]), "kinds": ["community", "street"],
                               "mode": "electronic"}, secure=True)
        assert r.status_code == 302, r.content[:300]
        mark("register", r)
        tablet = r["Location"]
        r = ask("tablet", client.get, tablet, secure=True)
        assert r.status_code == 200
        mark("tablet", r)
        marks = {f"ballot-{b}": ["1", "2"] for b in row["ballots"]}
        if args.flow == "xihu-noscript":  # the review as a page of its own, as without scripts
            r = ask("review", post, tablet, marks, secure=True)
            assert r.status_code == 200
            mark("review", r)
        r = ask("cast", post, tablet, {**marks, "confirm": "1"}, secure=True)
        assert b"receipt-code" in r.content, r.content[:300]
        mark("cast", r)

    def bare() -> None:
        serial[0] += 1
        clock[0] = time.process_time()
        base = f"/bench/bare/{row['bare_box']}/"
        r = ask("register", post, base + "register/", {"key": f"bare-{serial[0]}", "officer": row["officer"]}, secure=True)
        assert r.status_code == 302
        mark("register", r)
        mark("tablet", client.get(r["Location"], secure=True))
        r = post(base + "cast/", {"key": "x"}, secure=True)
        assert r.status_code == 200
        mark("cast", r)

    def floor() -> None:
        clock[0] = time.process_time()
        mark("GET", client.get("/bench/floor/", secure=True))
        mark("POST", post("/bench/floor/", {"a": "b"}, secure=True))

    voter = {"xihu": xihu, "xihu-noscript": xihu, "bare": bare, "floor": floor}[args.flow]
    for _ in range(20):  # the worker's caches filled, connections open
        voter()
    cpu.clear()
    queries.clear()
    measuring[0] = True
    started = time.process_time()
    if profiler and not args.only:
        profiler.enable()
    with BackendClock(f"{args.pg}/postgres", args.db) as database:
        for _ in range(args.voters):
            voter()
    if profiler and not args.only:
        profiler.disable()
    total = time.process_time() - started
    print(f"{args.flow}: {args.voters} voters, {total / args.voters * 1000:.2f} ms CPU per voter in one process, "
          f"{database.total() / args.voters * 1000:.2f} ms in PostgreSQL; load average {load()}")
    for kind, values in cpu.items():
        print(f"  {kind:<9} {sum(values) / len(values) * 1000:6.2f} ms CPU  "
              f"{sum(queries[kind]) / len(queries[kind]):4.1f} statements")
    if args.sql:
        from django.db import connection

        with connection.execute_wrapper(lambda execute, sql, params, many, context: (
                print("   ", sql[:400]), execute(sql, params, many, context))[1]):
            voter()
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(int(os.environ.get("TOP", "60")))
        print(out.getvalue())


if __name__ == "__main__":
    main()
