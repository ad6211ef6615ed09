"""Parsing a pabulib file: META and PROJECTS through :mod:`csv`, then the VOTES section handed to
the numpy cut (:mod:`.cut`) or, for quoted or irregular rows, the :mod:`csv` one (:mod:`.cut_csv`),
and the ballots counted (:mod:`.count`)."""

from __future__ import annotations

import contextlib
import csv
import mmap
from collections.abc import Iterator
from pathlib import Path

from xihu.engine.model import Instance, Profile, Project, as_money
from xihu.engine.pabulib.count import Counter, Meta, Recut
from xihu.engine.pabulib.cut import Lines, chunks, cut_fixed, cut_rows, has_blank_line
from xihu.engine.pabulib.cut_csv import split_csv
from xihu.engine.pabulib.election import VOTE_TYPES, Election, PabulibError
from xihu.engine.tally import Tally

BOM = b"\xef\xbb\xbf"
_SECTIONS = frozenset({"meta", "projects", "votes"})


def read(path: str | Path) -> Election:
    """Read a ``.pb`` file (see module docstring). The file is mapped into memory rather than
    copied (a plain read where it cannot be mapped)."""
    try:
        with open(path, "rb") as f:
            try:
                data: bytes | mmap.mmap = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # empty, or not a mappable file
                data = f.read()
    except OSError as exc:
        raise PabulibError(0, f"cannot read file: {exc.strerror or exc}", str(path)) from None
    try:
        return parse(data, source=str(path))
    finally:
        if isinstance(data, mmap.mmap):
            with contextlib.suppress(BufferError):  # a view still alive: it goes with the view
                data.close()


def parse(data: bytes | mmap.mmap, source: str | None = None) -> Election:
    """Parse the bytes of a ``.pb`` file."""
    try:
        return Parser(data, source).run()
    except PabulibError as exc:
        if exc.source is None and source is not None:
            raise PabulibError(exc.line, exc.message, source) from None
        raise


class Parser:
    def __init__(self, data: bytes | mmap.mmap, source: str | None) -> None:
        if data[:len(BOM)] == BOM:
            data = data[len(BOM):]
        if data.find(b"\r") >= 0:
            data = data[:].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        self.data = data
        self.source = source
        self.pos = 0  # byte offset of the next unread line
        self.line = 0  # number of lines consumed
        self.meta_lines: dict[str, int] = {}

    # -- head: META and PROJECTS --------------------------------------------------------
    def _lines(self) -> Iterator[str]:
        data = self.data
        while self.pos < len(data):
            end = data.find(b"\n", self.pos)
            if end < 0:
                end = len(data)
            raw = data[self.pos:end]
            self.pos = end + 1
            self.line += 1
            try:
                yield raw.decode("utf-8") + "\n"
            except UnicodeDecodeError:
                raise PabulibError(self.line, "not valid UTF-8") from None

    def run(self) -> Election:
        reader = csv.reader(self._lines(), delimiter=";", quotechar='"', strict=True)
        section = ""
        header: list[str] = []
        meta: dict[str, str] = {}
        rows: list[tuple[int, dict[str, str]]] = []
        seen: set[str] = set()
        try:
            for row in reader:
                first = row[0].strip() if row else ""
                if not first and all(not c.strip() for c in row):
                    continue  # a blank line
                name = first.lower()
                if name in _SECTIONS and all(not c.strip() for c in row[1:]):
                    if name in seen:
                        raise PabulibError(self.line, f"section {name.upper()} appears twice")
                    seen.add(name)
                    section = name
                    header = [h.strip() for h in next(reader, [])]
                    if not header or not header[0]:
                        raise PabulibError(self.line, f"missing header line after {name.upper()}")
                    if name == "votes":
                        break
                    continue
                if section == "meta":
                    if len(row) < 2:
                        raise PabulibError(self.line, "META row needs a key and a value")
                    meta[row[0].strip()] = row[1].strip()
                    self.meta_lines[row[0].strip()] = self.line
                elif section == "projects":
                    if len(row) != len(header):
                        raise PabulibError(self.line, f"PROJECTS row has {len(row)} fields, "
                                                      f"header has {len(header)}")
                    rows.append((self.line, {h: c.strip() for h, c in zip(header, row,
                                                                         strict=True)}))
                else:
                    raise PabulibError(self.line, "data before the first section (expected META)")
        except csv.Error as exc:
            raise PabulibError(self.line, f"bad CSV: {exc}") from None
        for name in ("meta", "projects", "votes"):
            if name not in seen:
                raise PabulibError(self.line, f"missing section {name.upper()}")
        instance, selected = self._instance(meta, rows)
        vote_type = meta.get("vote_type", "approval").strip().lower()
        if vote_type not in VOTE_TYPES:
            raise PabulibError(self.meta_lines.get("vote_type", 0),
                               f"unsupported vote_type {vote_type!r}")
        kind = VOTE_TYPES[vote_type]
        profile, tally = self._votes(header, meta, instance, kind)
        return Election(meta=meta, instance=instance, profile=profile, tally=tally,
                        project_rows=[r for _, r in rows], selected=selected, source=self.source)

    def _instance(self, meta: dict[str, str], rows: list[tuple[int, dict[str, str]]],
                  ) -> tuple[Instance, dict[str, int] | None]:
        if "budget" not in meta:
            raise PabulibError(0, "META has no budget")
        try:
            budget = as_money(meta["budget"])
        except (ValueError, ZeroDivisionError):
            raise PabulibError(self.meta_lines.get("budget", 0),
                               f"budget {meta['budget']!r} is not a number") from None
        projects: list[Project] = []
        selected: dict[str, int] | None = {} if rows and "selected" in rows[0][1] else None
        seen: set[str] = set()
        for line, row in rows:
            pid = row.get("project_id", "")
            if not pid:
                raise PabulibError(line, "project without project_id")
            if pid in seen:
                raise PabulibError(line, f"project id {pid!r} appears twice")
            seen.add(pid)
            try:
                cost = as_money(row.get("cost", ""))
            except (ValueError, ZeroDivisionError):
                raise PabulibError(line, f"cost {row.get('cost')!r} is not a number") from None
            if cost < 0:
                raise PabulibError(line, "negative cost")
            projects.append(Project(pid, cost, row.get("name", "")))
            if selected is not None:
                value = row.get("selected", "") or "0"
                try:
                    selected[pid] = int(value)
                except ValueError:
                    raise PabulibError(line, f"selected {value!r} is not an integer") from None
        return Instance(tuple(projects), budget), selected

    # -- VOTES ---------------------------------------------------------------------------
    def _votes(self, header: list[str], meta: dict[str, str], instance: Instance,
               kind: str) -> tuple[Profile, Tally]:
        if "vote" not in header:
            raise PabulibError(self.line, "VOTES header has no 'vote' column")
        first_line = self.line + 1
        weighted = kind in ("cumulative", "scoring")
        if weighted and "points" not in header:
            raise PabulibError(first_line - 1, f"{kind} ballots need a 'points' column")
        vote_col = header.index("vote")
        points_col = header.index("points") if weighted else None
        cols = (vote_col,) if points_col is None else (vote_col, points_col)
        data, start = self.data, self.pos
        nul = data.find(b"\0", start) >= 0

        def counter() -> Counter:
            return Counter(instance, Meta(meta, self.meta_lines), kind,
                           points=points_col is not None, nul=nul)

        # a blank line has no semicolon, so the numpy cut refuses it unless there is one column
        if data.find(b'"', start) < 0 and (len(header) > 1 or not has_blank_line(data, start)):
            ids = [p.id.encode("utf-8") for p in instance.projects]
            widths = {len(e) for e in ids}
            width = (widths.pop() if len(widths) == 1 and points_col is None
                     and not any(b"," in e for e in ids) else None)
            fast = counter()
            if _count_fast(fast, data, start, len(header), cols, width, first_line):
                return fast.result()
        # quotes, blank lines, or a row with the wrong number of fields
        votes, points, lines = split_csv(data[start:], header, first_line, points_col is not None)
        slow = counter()
        slow.add(votes, points, Lines(first_line, lines))
        return slow.result()


def _count_fast(counter: Counter, data: bytes, start: int, n_cols: int, cols: tuple[int, ...],
                width: int | None, first_line: int) -> bool:
    """Cut and count the VOTES rows chunk by chunk with numpy; ``False`` if a row does not have
    ``n_cols`` fields (the :mod:`csv` reader then runs and names the line)."""
    done = 0  # ballots counted so far
    parts = chunks(data, start, 1 if width is None else 2)
    for buf, n in parts:
        votes = cut_fixed(buf, n, n_cols, cols[0], width) if width is not None else None
        try:
            if votes is not None:
                try:
                    counter.add(votes, None, Lines(first_line + done))
                except Recut:
                    votes = None
            if votes is None:
                width = None  # the ids are not all laid out at one width: cut the general way
                cut = cut_rows(buf, n, n_cols, cols)
                if cut is None:
                    return False
                votes = cut[0]
                counter.add(votes, cut[1] if len(cut) > 1 else None, Lines(first_line + done))
        except PabulibError:
            # a row with the wrong number of fields further down is reported first, as before
            if any(cut_rows(b, k, n_cols, cols) is None for b, k in parts):
                return False
            raise
        done += len(votes.counts)
    return True
