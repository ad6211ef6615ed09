"""The ballot papers in random order with fresh random ids and no time (not even the day), so
that nothing links a paper to a registration or to its place in the voting week, written with
memory bounded whatever the edition's size.

An external shuffle: each paper goes to one of B temporary buckets chosen at random, then each
bucket (at most about BUCKET papers) is shuffled in memory and written out. Random buckets, each
shuffled uniformly, give a uniformly random order of all papers."""

import json
import secrets
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

from xihu.apps.voting.models import CastBallot

from .sinks import dumps, write_array, write_csv

BUCKET = 50_000
PAPER_COLUMNS = ["id", "ballot", "box", "choices", "status", "invalid_reason", "source"]


def _shuffled(rows, total: int, workdir: Path) -> Iterator[tuple]:
    random = secrets.SystemRandom()
    n_buckets = max(1, -(-total // BUCKET))
    paths = [workdir / f"bucket-{i}.jsonl" for i in range(n_buckets)]
    files = [open(path, "w", encoding="utf-8") for path in paths]  # noqa: SIM115 - closed below
    try:
        for row in rows:
            files[random.randrange(n_buckets)].write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        for f in files:
            f.close()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            bucket = f.readlines()  # kept as text (a third of the memory of the parsed rows)
        path.unlink()
        random.shuffle(bucket)
        for line in bucket:
            yield json.loads(line)


def write_papers(sink, ballots, keys: dict[int, str], boxes: dict[int, str]) -> int:
    """papers.json and papers.csv (the same papers in the same order); returns their number."""
    query = CastBallot.objects.filter(ballot__in=ballots)
    rows = query.values_list("ballot_id", "box_id", "choices", "status", "invalid_reason", "source") \
        .order_by().iterator(chunk_size=5000)
    with tempfile.TemporaryDirectory(prefix="xihu-export-") as tmp:
        workdir = Path(tmp)
        ordered = workdir / "papers.jsonl"
        count = 0
        with open(ordered, "wb") as out:
            for ballot_id, box_id, choices, status, reason, source in _shuffled(rows, query.count(), workdir):
                paper = {"id": str(uuid.uuid4()), "ballot": keys[ballot_id], "box": boxes.get(box_id, ""),
                         "choices": list(choices), "status": status, "invalid_reason": reason or "",
                         "source": source}
                out.write(dumps(paper, compact=True) + b"\n")
                count += 1
        with sink.open("papers.json") as stream, open(ordered, "rb") as lines:
            write_array(stream, (line.rstrip(b"\n") for line in lines), encoded=True)
        with sink.open("papers.csv") as stream, open(ordered, "rb") as lines:
            write_csv(stream, (json.loads(line) for line in lines), PAPER_COLUMNS)
    return count
