"""The peers bench_voting compares Xihu with, on the same machine in the same run.

- `plain_sql_floor`: the rows of a voter written by plain SQL (psycopg, one thread per officer,
  a registration transaction then a ballot transaction, no HTTP, no checks, no log): the floor
  the database itself sets.
- `append_vs_insert` (run as `python voting_peers.py appends ...` in a child process with the
  Django settings): transactions per second of `ledger_append` against a plain INSERT of a row
  of the same shape into a table without the log's indexes, by 1, 4 and 16 writer processes.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import secrets
import sys
import threading
import time
import uuid
from datetime import date


def plain_sql_floor(dsn: str, officers: list[dict], seconds: float) -> tuple[int, float, list[float]]:
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
                            "station_id, box_id, officer_id, registered_at, basis, proof, mode, age_band) "
                            "VALUES (%s,%s,%s,%s,%s,%s,%s,now(),'work','work_card','electronic','')",
                            [row["edition"], kind, key, row["community"], row["station"], row["bare_box"],
                             row["officer"]])
                with conn.transaction():
                    conn.execute("INSERT INTO voting_spenttoken (nonce_hash) VALUES (%s)", [secrets.token_hex(32)])
                    conn.execute("INSERT INTO voting_ballotenvelope (id, box_id, sealed) VALUES (%s,%s,%s)",
                                 [uuid.uuid4(), row["bare_box"], os.urandom(541)])
                    for _ in row["ballots"]:
                        conn.execute("INSERT INTO voting_ballotreceipt (id, box_id, receipt_hash) VALUES (%s,%s,%s)",
                                     [uuid.uuid4(), row["bare_box"], secrets.token_hex(32)])
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


# -- the log's append against a plain INSERT ------------------------------------------------------

PLAIN_TABLE = """CREATE TABLE IF NOT EXISTS bench_plain_insert (
    id bigserial PRIMARY KEY, uid varchar(32), entry_hash varchar(64), recorded_at varchar(32),
    actor varchar(150), action varchar(80), object_type varchar(80), object_id varchar(80),
    payload jsonb, payload_digest varchar(64))"""


def _writer(kind: str, writer: int, start_at: float, seconds: float, results) -> None:
    from django.db import connection, transaction

    from xihu.apps.ledger.services import ledger_append

    connection.close()  # a connection of its own, not the parent's
    n = 0
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    while time.time() < deadline:
        n += 1
        payload = {"writer": writer, "n": n, "box": 12, "day": date.today().isoformat()}
        if kind == "append":
            with transaction.atomic():
                ledger_append(actor="bench", action="bench.append", object_type="bench.row",
                              object_id=str(n), payload=payload)
        else:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_plain_insert (uid, entry_hash, recorded_at, actor, action, object_type, "
                    "object_id, payload, payload_digest) VALUES (%s,%s,%s,%s,%s,%s,%s,%s,%s)",
                    [uuid.uuid4().hex, secrets.token_hex(32), time.strftime("%Y-%m-%dT%H:%M:%S"), "bench",
                     "bench.insert", "bench.row", str(n), json.dumps(payload), secrets.token_hex(32)])
    connection.close()
    results.put(n)


def _round(context, kind: str, count: int, seconds: float) -> float:
    results = context.Queue()
    start_at = time.time() + 1.0
    procs = [context.Process(target=_writer, args=(kind, w, start_at, seconds, results)) for w in range(count)]
    for p in procs:
        p.start()
    total = sum(results.get(timeout=seconds + 120) for _ in procs)
    for p in procs:
        p.join(30)
    return total / seconds


def append_vs_insert(writers: list[int], seconds: float, rounds: int = 5) -> dict:
    """{writers: {"append": tx/s, "insert": tx/s}}: the median of `rounds` rounds, the two kinds
    alternating, so that a burst of load from elsewhere on the machine hits both alike."""
    import django

    django.setup()
    from django.db import connection, connections

    with connection.cursor() as cursor:
        cursor.execute(PLAIN_TABLE)
    connections.close_all()
    context = multiprocessing.get_context("fork")
    out: dict = {}
    for count in writers:
        seen: dict[str, list[float]] = {"insert": [], "append": []}
        for _ in range(rounds):
            for kind in ("insert", "append"):
                seen[kind].append(_round(context, kind, count, seconds))
        out[count] = {kind: sorted(rates)[len(rates) // 2] for kind, rates in seen.items()}
        out[count]["rounds"] = seen
    return out

if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    if sys.argv[1] == "appends":
        counts = [int(x) for x in sys.argv[2].split(",")]
        print(json.dumps(append_vs_insert(counts, float(sys.argv[3]))))
