"""Where the export's files go, one file at a time and in pieces: a folder, a zip, or memory
(for tests and small callers); and the writers of JSON and CSV that never hold a whole file."""

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from xihu.spreadsheet import neutralise


class Sink:
    def __init__(self) -> None:
        self.names: list[str] = []

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        self.names.append(name)
        with self._open(name) as stream:
            yield stream

    def write(self, name: str, data: bytes) -> None:
        with self.open(name) as stream:
            stream.write(data)


class FolderSink(Sink):
    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = Path(root)

    def _open(self, name: str):
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "wb")  # noqa: SIM115 - closed by Sink.open


class ZipSink(Sink):
    """Members of `archive` under `prefix` (the zip nests one folder), compressed as written."""

    def __init__(self, archive: zipfile.ZipFile, prefix: str) -> None:
        super().__init__()
        self.archive, self.prefix = archive, prefix

    def _open(self, name: str):
        return self.archive.open(self.prefix + name, "w", force_zip64=True)


class MemorySink(Sink):
    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}

    @contextmanager
    def _open(self, name: str):
        buffer = io.BytesIO()
        yield buffer
        self.files[name] = buffer.getvalue()


def dumps(value, *, compact: bool = False) -> bytes:
    """Small files indented for reading; large ones (papers, ledger) compact and fast."""
    if compact:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode()


def write_array(stream: IO[bytes], items: Iterable, *, encoded: bool = False) -> None:
    """A compact JSON array, one element at a time (`encoded`: the items are JSON bytes already)."""
    stream.write(b"[")
    for n, item in enumerate(items):
        if n:
            stream.write(b",")
        stream.write(item if encoded else dumps(item, compact=True))
    stream.write(b"]")


def cell(value) -> str:
    if isinstance(value, str):
        return neutralise(value)  # a title like "=1+2" stays text in a spreadsheet
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else str(value)


def write_csv(stream: IO[bytes], rows: Iterable[dict], columns: list[str]) -> None:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: cell(row.get(c)) for c in columns})
    text.flush()
    text.detach()  # leave the stream open for its sink to close
