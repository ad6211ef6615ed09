"""Open data: one edition's count and results as JSON + CSV, one pabulib file per ballot, and the
whole public ledger, for the standalone verifier (src/xihu/verifier/).

Every file is written to its sink (a folder, a zip, memory) as it is made, in pieces: the
papers through an external shuffle (papers.py), the ledger entry by entry, the pabulib files one
ballot at a time. Memory depends on the largest ballot and on the number of boxes, never on the
number of papers of the edition; the zip is built in a temporary file and streamed to storage
and to the download."""

import tempfile
import zipfile
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from xihu.apps.editions.models import Edition
from xihu.apps.insights.export import evaluation_files
from xihu.apps.ledger import selectors as ledger_selectors
from xihu.apps.results.selection import TIE_BREAKS
from xihu.apps.voting.selectors import receipt_rows

from .ledger import write_ledger
from .papers import write_papers
from .rows import (
    FORMAT,
    ballot_def,
    ballot_key,
    ballots_of,
    box_key,
    box_rows,
    count_record,
    pabulib_file,
    result_row,
    seal_rows,
)
from .sinks import FolderSink, MemorySink, Sink, ZipSink, dumps, write_csv

__all__ = ["FORMAT", "ballot_key", "box_key", "build_export", "cached_zip", "export_zip",
           "write_export", "write_zip"]

SEAL_COLUMNS = ["box", "kind", "at", "ballots_in_box", "seal_number", "intact"]
BOX_COLUMNS = ["box", "community", "station", "station_kind", "code", "counted", "sealed", "registered",
               "signed_off_count"]
RESULT_COLUMNS = ["ballot", "budget", "counted", "ballots", "valid", "blank", "invalid", "rule",
                  "tie_break", "winners", "total_cost", "confirmed_winners", "deviates", "deviation_reason"]


def write_to(sink: Sink, edition: Edition) -> None:
    """Every file of the export, into `sink`, the manifest last."""
    ballots = ballots_of(edition)
    keys = {b.pk: ballot_key(b) for b in ballots}
    boxes, box_names = box_rows(edition, keys)
    ballot_defs = [ballot_def(b, keys[b.pk]) for b in ballots]
    results = [result_row(b, keys[b.pk]) for b in ballots]
    seals = seal_rows(edition, box_names)
    sink.write("ballots.json", dumps(ballot_defs))
    with sink.open("projects.csv") as stream:
        write_csv(stream, ({"ballot": d["key"], **i} for d in ballot_defs for i in d["items"]),
                  ["ballot", "number", "title", "amount"])
    write_papers(sink, ballots, keys, box_names)
    sink.write("boxes.json", dumps(boxes))
    with sink.open("boxes.csv") as stream:
        write_csv(stream, boxes, BOX_COLUMNS)
    sink.write("seals.json", dumps(seals))
    with sink.open("seals.csv") as stream:
        write_csv(stream, seals, SEAL_COLUMNS)
    sink.write("results.json", dumps(results))
    with sink.open("results.csv") as stream:
        write_csv(stream, results, RESULT_COLUMNS)
    sink.write("count.json", dumps(count_record(edition)))
    head = write_ledger(sink)
    # Receipt hashes by box, not by paper: a receipt proves inclusion, never the choices.
    with sink.open("receipts.csv") as stream:
        write_csv(stream, ({"box": box_names.get(box, ""), "receipt_hash": digest}
                           for box, digest in receipt_rows(edition)), ["box", "receipt_hash"])
    for ballot, result in zip(ballots, results, strict=True):
        sink.write(f"pabulib/{keys[ballot.pk]}.pb", pabulib_file(edition, ballot, result))
    for name, data in evaluation_files(edition).items():  # the three tests: evaluation.json and its rules
        sink.write(name, data)
    names = sorted(sink.names)
    sink.write("manifest.json", dumps({
        "format": FORMAT, "generated_at": timezone.now().isoformat(timespec="seconds"),
        "edition": {"slug": edition.slug, "name": edition.name, "name_en": edition.name_en,
                    "stage": edition.stage, "selection_rule": edition.selection_rule,
                    "tie_break": str(TIE_BREAKS[edition.tie_break]), "min_votes": 1},
        "ledger_head": {k: v for k, v in (head["head"] or {}).items() if k != "checkpoint"} or None,
        "ledger_public_key": head["public_key"],
        "files": names,
    }))


def build_export(edition: Edition) -> dict[str, bytes]:
    """Every file of the export in memory: relative path -> bytes (small editions, tests)."""
    sink = MemorySink()
    write_to(sink, edition)
    return sink.files


def write_export(edition: Edition, out_dir: Path) -> list[Path]:
    """The export on disk (the command's): what was just written goes into a signed head first
    (an in-process sequencer round; it waits while another sequencer integrates)."""
    from xihu.apps.ledger.sequencer import integrate_pending

    integrate_pending()
    sink = FolderSink(Path(out_dir))
    write_to(sink, edition)
    return [sink.root / name for name in sink.names]


def write_zip(edition: Edition, target) -> None:
    """The download: the export in one folder xihu-<edition>/ with the verifier and the witness
    beside it, written to `target` (a path or a binary file)."""
    prefix = f"xihu-{edition.slug}/"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        write_to(ZipSink(archive, prefix), edition)
        for name, data in standalone_files():
            archive.writestr(prefix + name, data)


def standalone_files() -> list[tuple[str, bytes]]:
    """verify.py and the xihu_verifier folder it starts, xihu-witness.py and its xihu_witness."""
    from xihu import verifier, witness

    files = []
    for package, script, folder in ((verifier, "verify.py", "xihu_verifier"),
                                    (witness, "xihu-witness.py", "xihu_witness")):
        root = Path(package.__file__).parent
        files.append((script, (root / "standalone.py").read_bytes()))
        files += [(f"{folder}/{path.name}", path.read_bytes()) for path in sorted(root.glob("*.py"))
                  if path.name != "standalone.py"]
    return files


def export_zip(edition: Edition) -> bytes:
    with tempfile.TemporaryFile() as out:
        write_zip(edition, out)
        out.seek(0)
        return out.read()


def cached_zip(edition: Edition) -> str:
    """The zip's name in the default storage, built once per signed head: every change to the
    data writes the log, so an unchanged head means unchanged data (up to the second it takes
    the sequencer to sign the next head). Built in a temporary file, saved in chunks."""
    head = ledger_selectors.latest_head()
    tag = f"{head.size}-{head.root_hash[:16]}" if head else "empty"
    name = f"exports/xihu-{edition.slug}-{tag}.zip"
    if not default_storage.exists(name):
        with tempfile.TemporaryFile() as out:
            write_zip(edition, out)
            out.seek(0)
            default_storage.save(name, File(out, name=name))
    return name
