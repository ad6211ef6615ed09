"""Where the export is and how its files are read: a folder, the folder the zip unpacks to (the
zip nests one folder, xihu-<edition>/), the folder you unpacked the zip into, or the zip itself.
Large files are read one element at a time (jsonstream)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .jsonstream import JsonStream


class Unreadable(Exception):
    pass


MANIFEST = "manifest.json"


class Export:
    """The files of one export, by their names in the manifest ("papers.json", "pabulib/x.pb")."""

    def __init__(self, path: Path) -> None:
        path = Path(path)
        self.label = str(path)
        self.archive: zipfile.ZipFile | None = None
        self.prefix = ""
        if path.is_file():
            self._open_zip(path)
        elif (path / MANIFEST).is_file():
            self.root = path
        else:
            nested = sorted(p.parent for p in path.glob(f"*/{MANIFEST}")) if path.is_dir() else []
            if len(nested) != 1:
                where = "" if not nested else f" (one in each of {', '.join(p.name for p in nested)}: name one)"
                raise Unreadable(f"{MANIFEST} is missing from {path}{where}")
            self.root = nested[0]
            self.label = str(nested[0])

    def _open_zip(self, path: Path) -> None:
        try:
            self.archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise Unreadable(f"{path} is neither an export folder nor its zip: {exc}") from None
        names = [n for n in self.archive.namelist() if n == MANIFEST or n.endswith("/" + MANIFEST)]
        names.sort(key=lambda n: n.count("/"))
        if not names:
            raise Unreadable(f"{MANIFEST} is missing from {path}")
        self.prefix = names[0][: -len(MANIFEST)]

    def exists(self, name: str) -> bool:
        if self.archive is not None:
            try:
                self.archive.getinfo(self.prefix + name)
            except KeyError:
                return False
            return True
        return (self.root / name).is_file()

    def open(self, name: str) -> IO[str]:
        try:
            if self.archive is not None:
                return io.TextIOWrapper(self.archive.open(self.prefix + name), encoding="utf-8")
            return open(self.root / name, encoding="utf-8")  # noqa: SIM115 - the caller closes it
        except (KeyError, FileNotFoundError):
            raise Unreadable(f"{name} is missing from {self.label}") from None

    def load(self, name: str):
        """A whole (small) JSON file."""
        with self.open(name) as stream:
            try:
                return json.load(stream)
            except (OSError, ValueError) as exc:
                raise Unreadable(f"{name} cannot be read: {exc}") from None

    def text(self, name: str) -> str:
        with self.open(name) as stream:
            return stream.read()

    def elements(self, name: str) -> Iterator:
        """The elements of a file holding one JSON array, one at a time."""
        with self.open(name) as stream:
            try:
                yield from JsonStream(stream).elements()
            except ValueError as exc:
                raise Unreadable(f"{name} cannot be read: {exc}") from None

    def members(self, name: str, streamed: str) -> Iterator[tuple[str, object]]:
        """The members of a file holding one JSON object, its array `streamed` one element at a time."""
        with self.open(name) as stream:
            try:
                yield from JsonStream(stream).members(streamed)
            except ValueError as exc:
                raise Unreadable(f"{name} cannot be read: {exc}") from None
