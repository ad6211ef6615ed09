"""Read and write pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, each a line ``META``/``PROJECTS``/``VOTES`` followed by a header
line and ``;``-separated rows (CSV double-quote quoting). A UTF-8 BOM and CRLF line ends are
accepted; budgets and costs may carry a decimal point (``400000.0`` is exactly 400000).

Reading is streamed from bytes: META and PROJECTS go through :mod:`csv`; the VOTES section, when
it holds no quote character, is cut into columns with numpy over the raw bytes (one pass per
separator) and only the vote (and points) tokens become Python objects. A VOTES section with
quotes goes through :mod:`csv` (same result, slower).

Ballot validity follows META: ``max_length`` (over-vote), unknown or repeated project ids,
``min_length``, ``min_sum_cost``/``max_sum_cost``, ``min_points``/``max_points`` per project and
``min_sum_points``/``max_sum_points`` per ballot. Invalid ballots are counted by reason in
:attr:`Election.tally` and left out of :attr:`Election.profile`; blank ballots stay in the
profile (they are voters for Equal Shares). Ordinal ballots score ``max_length - position``
(first choice ``max_length`` points; without ``max_length``, the longest ballot's length).

Any problem raises :class:`PabulibError` with the 1-based line number.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import repeat
from pathlib import Path

import numpy as np

from xihu.engine.ballots import InvalidReason
from xihu.engine.model import BALLOT_KINDS, Instance, Profile, Project, as_money
from xihu.engine.tally import Tally, make_tally

BOM = b"\xef\xbb\xbf"
#: pabulib vote types and the ballot kind the engine reads them as
VOTE_TYPES = {"approval": "approval", "choose-1": "approval", "cumulative": "cumulative",
              "scoring": "scoring", "ordinal": "ordinal"}
# invalid reasons from lowest to highest precedence (a later one overrides an earlier one)
_PRECEDENCE = [
    InvalidReason.UNDER_MIN_POINTS, InvalidReason.OVER_MAX_POINTS, InvalidReason.BAD_POINTS,
    InvalidReason.UNDER_MIN_COST, InvalidReason.OVER_MAX_COST, InvalidReason.UNDER_MIN_LENGTH,
    InvalidReason.REPEATED_PROJECT, InvalidReason.UNKNOWN_PROJECT, InvalidReason.OVER_VOTE,
]
_CODE = {reason: i + 1 for i, reason in enumerate(_PRECEDENCE)}


class PabulibError(ValueError):
    """A malformed pabulib file: ``line`` is 1-based (0 when the file as a whole is wrong)."""

    def __init__(self, line: int, message: str, source: str | None = None) -> None:
        self.line = line
        self.message = message
        self.source = source
        if source:
            where = f"{source}:{line}" if line else source
        else:
            where = f"line {line}"
        super().__init__(f"{where}: {message}")


@dataclass
class Election:
    """A parsed pabulib file."""

    meta: dict[str, str]
    instance: Instance
    profile: Profile
    tally: Tally
    project_rows: list[dict[str, str]] = field(default_factory=list)
    selected: dict[str, int] | None = None
    source: str | None = None

    @property
    def vote_type(self) -> str:
        """The META ``vote_type`` (``approval``, ``choose-1``, ``cumulative``, ...)."""
        return self.meta.get("vote_type", "approval")

    @property
    def winners(self) -> tuple[str, ...]:
        """Project ids with ``selected == 1`` (funded by the rule), in PROJECTS order."""
        if self.selected is None:
            return ()
        return tuple(pid for pid in self.instance.ids if self.selected.get(pid) == 1)


def read(path: str | Path) -> Election:
    """Read a ``.pb`` file (see module docstring)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise PabulibError(0, f"cannot read file: {exc.strerror or exc}", str(path)) from None
    return parse(data, source=str(path))


def parse(data: bytes, source: str | None = None) -> Election:
    """Parse the bytes of a ``.pb`` file."""
    try:
        return _Parser(data, source).run()
    except PabulibError as exc:
        if exc.source is None and source is not None:
            raise PabulibError(exc.line, exc.message, source) from None
        raise


class _Parser:
    def __init__(self, data: bytes, source: str | None) -> None:
        if data.startswith(BOM):
            data = data[len(BOM):]
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
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
                if not row or all(not c.strip() for c in row):
                    continue
                name = row[0].strip().lower()
                if name in ("meta", "projects", "votes") and all(not c.strip() for c in row[1:]):
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
        split = None
        # a blank line has no semicolon, so _split_fast refuses it unless there is one column
        if self.data.find(b'"', self.pos) < 0 and (
                len(header) > 1 or not _has_blank_line(self.data, self.pos)):
            widths = {len(p.id.encode("utf-8")) for p in instance.projects}
            split = _split_fast(self.data, self.pos, len(header), vote_col, points_col,
                                widths.pop() if len(widths) == 1 else None)
        if split is None:  # quotes, blank lines, or a row with the wrong number of fields
            split = _split_csv(self.data[self.pos:], header, first_line, points_col is not None)
        votes, points, lines = split
        where = _Lines(first_line, lines)
        if points is not None and not np.array_equal(votes.counts, points.counts):
            bad = int(np.flatnonzero(votes.counts != points.counts)[0])
            raise PabulibError(where(bad), "vote and points have different lengths")
        return _count(instance, _Meta(meta, self.meta_lines), kind, votes, points, where)


@dataclass(frozen=True)
class _Tokens:
    """The comma-separated tokens of one VOTES column: token ``t`` is the bytes
    ``buf[starts[t]:starts[t] + lens[t]]``; ballot ``b`` has ``counts[b]`` tokens (an empty field
    has none; an empty token between commas has length 0)."""

    buf: np.ndarray
    starts: np.ndarray
    lens: np.ndarray
    counts: np.ndarray
    has_nul: bool = True  # may ``buf`` hold a zero byte? (then lengths are compared too)
    width: int | None = None  # every token has this length (``lens`` is then a constant view)

    @classmethod
    def from_list(cls, tokens: list[bytes], counts: list[int]) -> _Tokens:
        lens = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        starts = np.cumsum(lens + 1) - (lens + 1)
        joined = b",".join(tokens)
        return cls(np.frombuffer(joined, dtype=np.uint8), starts, lens,
                   np.asarray(counts, dtype=np.int64), b"\0" in joined)


@dataclass(frozen=True)
class _Lines:
    """Line number of every ballot: consecutive from ``first`` (fast path) or listed."""

    first: int
    listed: np.ndarray | None

    def __call__(self, ballot: int) -> int:
        return self.first + ballot if self.listed is None else int(self.listed[ballot])


def _has_blank_line(data: bytes, start: int) -> bool:
    """True if the VOTES body (from ``start``) has an empty line before its last row."""
    at = data.find(b"\n\n", start)
    return at >= 0 and bool(data[at:].strip(b"\n"))


_SEMI, _COMMA, _NEWLINE = 59, 44, 10


def _split_fast(data: bytes, start: int, n_cols: int, vote_col: int, points_col: int | None,
                id_width: int | None = None) -> tuple[_Tokens, _Tokens | None, None] | None:
    """Cut the VOTES body (no quotes, no blank lines) into token columns with numpy.

    One pass finds every separator (``;``, ``,``, newline); the field a separator belongs to is
    a running count of semicolons taken modulo 256, where a newline adds ``-(n_cols - 1)``, so a
    well-formed row brings it back to 0. Returns ``None`` when a row has the wrong number of
    fields (the csv path then reports the line). This runs over chunks of whole rows
    (:func:`_split_rows`), so that the per-separator arrays stay in cache."""
    end = len(data)
    while end > start and data[end - 1] == _NEWLINE:
        end -= 1
    if end == start:
        empty = _Tokens(np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int64),
                        np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        return empty, (empty if points_col is not None else None), None
    if n_cols > 256:
        return None
    if end == len(data):  # no newline after the last row
        data = data + b"\n"
    a = np.frombuffer(data, dtype=np.uint8, count=end + 1 - start, offset=start)
    has_nul = data.find(b"\0", start) >= 0
    if id_width is not None and points_col is None and 0 < id_width <= 16:
        fixed = _split_fixed(a, n_cols, vote_col, id_width, has_nul)
        if fixed is not None:
            return fixed, None, None
    # Rows are cut in chunks of whole rows (about _CHUNK bytes each), so that the separator
    # arrays of a chunk stay in cache; a chunk is checked and cut exactly as the whole body would
    # be, and its token offsets are shifted by where it starts.
    parts: list[tuple[int, tuple[_Cut, _Cut | None]]] = []
    lo, n = 0, len(a)
    while lo < n:
        hi = n if n - lo <= _CHUNK else data.find(b"\n", start + lo + _CHUNK) - start + 1
        part = _split_rows(a[lo:hi], n_cols, vote_col, points_col)
        if part is None:
            return None
        parts.append((lo, part))
        lo = hi

    def joined(k: int) -> _Tokens:
        starts = np.concatenate([cut[k][0] + off for off, cut in parts])  # type: ignore[index]
        lens = np.concatenate([cut[k][1] for _, cut in parts])  # type: ignore[index]
        counts = np.concatenate([cut[k][2] for _, cut in parts])  # type: ignore[index]
        return _Tokens(a, starts, lens, counts, has_nul)

    return joined(0), (joined(1) if points_col is not None else None), None


#: bytes of VOTES rows cut at once by :func:`_split_fast`
_CHUNK = 1 << 18
#: token starts, lengths and per-ballot counts of one column of a chunk
_Cut = tuple[np.ndarray, np.ndarray, np.ndarray]


def _split_rows(a: np.ndarray, n_cols: int, vote_col: int, points_col: int | None,
                ) -> tuple[_Cut, _Cut | None] | None:
    """Token columns of whole rows ``a`` (ending with a newline), offsets relative to ``a``;
    ``None`` when a row has the wrong number of fields."""
    is_sep = a == _SEMI
    is_sep |= a == _COMMA
    is_sep |= a == _NEWLINE
    seps = np.flatnonzero(is_sep)
    kinds = a[seps]
    semi = kinds == _SEMI
    newline = kinds == _NEWLINE
    n_rows = int(np.count_nonzero(newline))
    if int(np.count_nonzero(semi)) != n_rows * (n_cols - 1):
        return None
    inc = semi.view(np.uint8) + newline.view(np.uint8) * np.uint8((1 - n_cols) % 256)
    field = np.cumsum(inc, dtype=np.uint8)  # field index of the text after each separator
    if np.any(newline & (field != 0)):  # with the total above: every row has n_cols fields
        return None

    def column(col: int) -> _Cut:
        if col == 0:  # opened by the previous newline (a virtual one before the first row)
            pos = np.concatenate([[-1], seps])
            knd = np.concatenate([[_NEWLINE], kinds])
            opens = np.flatnonzero(np.concatenate([[True], field == 0]))[:-1]
        else:
            pos, knd = seps, kinds
            opens = np.flatnonzero(field == col)
        firsts = np.flatnonzero(knd[opens] != _COMMA)  # first token slot of every row
        starts = pos[opens]
        opens += 1
        lens = pos[opens]  # the separator that closes the token
        lens -= starts
        lens -= 1
        starts += 1
        slots = np.diff(firsts, append=len(starts))
        blank = (slots == 1) & (lens[firsts] == 0)
        counts = slots - blank
        if blank.any():
            keep = np.ones(len(starts), dtype=bool)
            keep[firsts[blank]] = False
            starts, lens = starts[keep], lens[keep]
        return starts, lens, counts

    return column(vote_col), (column(points_col) if points_col is not None else None)


def _split_fixed(a: np.ndarray, n_cols: int, col: int, width: int, has_nul: bool,
                 ) -> _Tokens | None:
    """The vote column when every project id has ``width`` bytes and the file agrees.

    Only semicolons and newlines are located; the rows are well formed exactly when they
    come as ``n_cols - 1`` semicolons and a newline, over and over. A field of ``c`` ids of
    ``width`` bytes is ``c * (width + 1) - 1`` bytes long with commas at fixed places. The layout
    is accepted only if every field has such a length, the byte after every token but a ballot's
    last is a comma, and the body holds no other comma: then the tokens are exactly the
    ``width``-byte pieces between commas, as the general reader would cut them (a token of
    another length makes a check fail and the general reader runs)."""
    is_sep = a == _SEMI
    is_sep |= a == _NEWLINE
    seps = np.flatnonzero(is_sep)
    if len(seps) % n_cols:
        return None
    kinds = a[seps].reshape(-1, n_cols)
    if not (kinds[:, -1] == _NEWLINE).all() or not (kinds[:, :-1] == _SEMI).all():
        return None
    grid = seps.reshape(-1, n_cols)
    if col == 0:
        field_start = np.empty(len(grid), dtype=np.int64)
        field_start[0] = 0
        field_start[1:] = grid[:-1, -1] + 1
    else:
        field_start = grid[:, col - 1] + 1
    field_len = grid[:, col] - field_start
    step = width + 1
    counts, rest = np.divmod(field_len + 1, step)  # an empty field: 0 ids, rest 1
    if not np.all((rest == 0) | (field_len == 0)):
        return None
    n_tokens = int(counts.sum())
    n_commas = n_tokens - int(np.count_nonzero(counts))
    if int(np.count_nonzero(a == _COMMA)) != n_commas:
        return None
    first = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=first[1:])
    starts = np.arange(n_tokens, dtype=np.int64) * step
    starts += np.repeat(field_start - first[:-1] * step, counts)
    if int(np.count_nonzero(a[starts + width] == _COMMA)) != n_commas:
        return None
    lens = np.broadcast_to(np.int64(width), (n_tokens,))
    return _Tokens(a, starts, lens, counts, has_nul, width)


def _split_csv(body: bytes, header: list[str], first_line: int, with_points: bool,
               ) -> tuple[_Tokens, _Tokens | None, np.ndarray]:
    """Cut the VOTES body into token columns with :mod:`csv` (handles quotes and blank lines)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + body[:exc.start].count(b"\n")
        raise PabulibError(line, "not valid UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=True)
    vote_col = header.index("vote")
    points_col = header.index("points") if with_points else None
    tokens: list[bytes] = []
    point_tokens: list[bytes] = []
    counts: list[int] = []
    point_counts: list[int] = []
    lines: list[int] = []
    try:
        for row in reader:
            line = first_line + reader.line_num - 1
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) != len(header):
                raise PabulibError(line, f"VOTES row has {len(row)} fields, header has "
                                         f"{len(header)}")
            vote = row[vote_col].strip()
            items = vote.encode("utf-8").split(b",") if vote else []
            tokens.extend(items)
            counts.append(len(items))
            lines.append(line)
            if points_col is not None:
                pts = row[points_col].strip()
                p_items = pts.encode("utf-8").split(b",") if pts else []
                point_tokens.extend(p_items)
                point_counts.append(len(p_items))
    except csv.Error as exc:
        raise PabulibError(first_line + reader.line_num - 1, f"bad CSV: {exc}") from None
    return (_Tokens.from_list(tokens, counts),
            _Tokens.from_list(point_tokens, point_counts) if points_col is not None else None,
            np.asarray(lines, dtype=np.int64))


# masks keeping the first k bytes of a little-endian 8-byte word, k = 0..8
_KEEP = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)
_M1, _M2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)


def _words(buf: np.ndarray, starts: np.ndarray, lens: np.ndarray, width: int,
           same_length: int | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Tokens of up to ``width`` (8 or 16) bytes as exact little-endian integers, zero-padded:
    (bytes 0-7, bytes 8-15 or None). Equal words and equal lengths mean equal tokens.
    ``same_length``: every token has that length."""
    if len(starts) and int(starts[-1]) + width > len(buf):
        buf = np.concatenate([buf, np.zeros(width, dtype=np.uint8)])
    buf = np.ascontiguousarray(buf)
    unaligned = np.ndarray((len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
    low = unaligned[starts]
    if same_length is not None:
        low &= _KEEP[min(same_length, 8)]
        if width == 8:
            return low, None
        return low, unaligned[starts + 8] & _KEEP[max(same_length - 8, 0)]
    if width == 8:
        low &= _KEEP[lens]  # lens <= 8
        return low, None
    low &= _KEEP[np.minimum(lens, 8)]
    return low, unaligned[starts + 8] & _KEEP[np.clip(lens - 8, 0, 8)]


def _mix(low: np.ndarray, high: np.ndarray | None, multiplier: np.uint64, bits: int) -> np.ndarray:
    """Hash of the words: ``bits`` high bits of a multiplicative hash (an index array)."""
    with np.errstate(over="ignore"):
        key = low if high is None else low ^ (high * _M2)
        key = key * multiplier
    key >>= np.uint64(64 - bits)
    return key.view(np.int64)


def _positions(tokens: _Tokens, instance: Instance) -> np.ndarray:
    """Project position of every token (-1 if it is no project id), compared byte for byte.

    Tokens of up to 16 bytes become exact integer words (:func:`_words`) looked up in a
    collision-free hash table of the project ids, then checked against the id's words and length;
    longer tokens go through a dict."""
    n = len(tokens.starts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    encoded = [p.id.encode("utf-8") for p in instance.projects]
    longest = tokens.width if tokens.width is not None else int(tokens.lens.max())
    if longest > 16:
        index = {e: j for j, e in enumerate(encoded)}
        raw = tokens.buf.tobytes()
        items = [raw[s:s + k] for s, k in zip(tokens.starts.tolist(), tokens.lens.tolist(),
                                              strict=True)]
        return np.fromiter(map(index.get, items, repeat(-1)), dtype=np.int64, count=n)
    width = 8 if longest <= 8 else 16
    lookup = _id_table(tuple(encoded), width)
    low, high = _words(tokens.buf, tokens.starts, tokens.lens, width, tokens.width)
    slot = _mix(low, high, lookup.multiplier, lookup.bits)
    same = lookup.slot_low[slot] == low
    if high is not None:
        same &= lookup.slot_high[slot] == high
    if tokens.has_nul:  # without zero bytes, equal zero-padded words mean equal lengths
        same &= lookup.slot_lens[slot] == tokens.lens
    pos = lookup.slot_pos[slot]
    pos[~same] = -1
    return pos


@dataclass(frozen=True)
class _IdTable:
    """Collision-free hash table of project ids (as :func:`_words`); row ``m`` means none."""

    multiplier: np.uint64
    bits: int
    slot_pos: np.ndarray  # project position in each slot, -1 for none
    slot_low: np.ndarray  # the words and length of that project's id
    slot_high: np.ndarray
    slot_lens: np.ndarray


@functools.lru_cache(maxsize=64)
def _id_table(encoded: tuple[bytes, ...], width: int) -> _IdTable:
    # an id longer than the widest token matches no token; an empty id matches none either
    fits = [j for j, e in enumerate(encoded) if 0 < len(e) <= width]
    ids = _Tokens.from_list([encoded[j] for j in fits], [len(fits)])
    id_low, id_high = _words(ids.buf, ids.starts, ids.lens, width)
    rng = np.random.default_rng(20241125)
    bits = max(4, len(fits).bit_length() + 2)
    while True:
        multiplier = np.uint64(int(rng.integers(1, 2**62)) * 2 + 1)
        slots = _mix(id_low, id_high, multiplier, bits)
        if len(np.unique(slots)) == len(fits):
            break
        bits += int(rng.integers(0, 4) == 0)  # widen the table now and then
    size = 1 << bits
    slot_pos = np.full(size, -1, dtype=np.int64)
    slot_low = np.zeros(size, dtype=np.uint64)
    slot_high = np.zeros(size, dtype=np.uint64)
    slot_lens = np.full(size, -1, dtype=np.int64)  # an empty slot matches no token
    slot_pos[slots] = fits
    slot_low[slots] = id_low
    if id_high is not None:
        slot_high[slots] = id_high
    slot_lens[slots] = ids.lens
    return _IdTable(multiplier, bits, slot_pos, slot_low, slot_high, slot_lens)


def _integers(tokens: _Tokens) -> np.ndarray | None:
    """The tokens as decimal integers (an optional leading ``-``); ``None`` if one is not."""
    n = len(tokens.starts)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    lens = tokens.lens
    if int(lens.max()) > 18 or int(lens.min()) <= 0:
        return None
    buf = np.concatenate([tokens.buf, np.zeros(19, dtype=np.uint8)])
    negative = buf[tokens.starts] == 45
    value = np.zeros(n, dtype=np.int64)
    ok = ~negative | (lens > 1)
    for i in range(int(lens.max())):
        c = buf[tokens.starts + i].astype(np.int64)
        inside = i < lens
        digit = (c >= 48) & (c <= 57)
        ok &= ~inside | digit | ((i == 0) & negative)
        value = np.where(inside & digit, value * 10 + (c - 48), value)
    if not ok.all():
        return None
    return np.where(negative, -value, value)


@dataclass(frozen=True)
class _Meta:
    """META values with the line each came from (for error messages)."""

    values: dict[str, str]
    lines: dict[str, int]

    def money(self, key: str) -> Fraction | None:
        value = self.values.get(key, "").strip()
        if not value or value.lower() == "none":
            return None
        try:
            return Fraction(value.replace(",", "."))
        except (ValueError, ZeroDivisionError):
            raise PabulibError(self.lines.get(key, 0),
                               f"META {key} {value!r} is not a number") from None

    def integer(self, key: str) -> int | None:
        value = self.money(key)
        if value is not None and value.denominator != 1:
            raise PabulibError(self.lines.get(key, 0), f"META {key} must be an integer")
        return None if value is None else int(value)


def _repeated(pos: np.ndarray, indptr: np.ndarray, counts: np.ndarray,
              n_projects: int) -> np.ndarray:
    """Token mask: the token repeats an earlier token of the same ballot."""
    n_tokens = len(pos)
    longest = int(counts.max()) if len(counts) else 0
    dup = np.zeros(n_tokens, dtype=bool)
    if longest <= 1:
        return dup
    if longest <= 16 and (n_projects + 1) * 16 < 2**15:
        # Two tokens at most 15 apart lie in ballots whose numbers differ by less than 16, so
        # the ballot number modulo 16 tells them apart: key = position + (P + 1) * (ballot % 16)
        # is equal for two such tokens exactly when they are the same project in one ballot.
        first = np.zeros(n_tokens, dtype=bool)
        first[indptr[:-1][counts > 0]] = True
        ballot = np.cumsum(first, dtype=np.uint8)  # wraps modulo 256, a multiple of 16
        ballot &= np.uint8(15)
        key = pos.astype(np.int16)
        key += np.int16(n_projects + 1) * ballot.astype(np.int16)
        same = np.empty(n_tokens, dtype=bool)
        for d in range(1, longest):
            np.equal(key[:-d], key[d:], out=same[d:])
            dup[d:] |= same[d:]
        return dup
    ballot_of = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    key = ballot_of * (n_projects + 1) + np.where(pos >= 0, pos, n_projects)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    dup[order[1:][sorted_key[1:] == sorted_key[:-1]]] = True
    return dup


def _count(instance: Instance, meta: _Meta, kind: str, votes: _Tokens,
           points: _Tokens | None, line_of: _Lines) -> tuple[Profile, Tally]:
    """Map tokens to projects, check every ballot against META, build profile and tally."""
    n_projects = len(instance)
    counts = votes.counts
    n_ballots = len(counts)
    n_tokens = len(votes.starts)
    indptr = np.zeros(n_ballots + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    nonempty = counts > 0
    code = np.zeros(n_ballots, dtype=np.int8)

    def ballots_of(token_mask: np.ndarray) -> np.ndarray:
        """Ballot mask: the ballot holds a token of ``token_mask``."""
        where = np.searchsorted(indptr, np.flatnonzero(token_mask), side="right") - 1
        return np.bincount(where, minlength=n_ballots) > 0

    def mark(mask: np.ndarray, reason: InvalidReason) -> None:
        code[mask & nonempty] = _CODE[reason]

    def per_ballot_sum(values: np.ndarray) -> np.ndarray:
        out = np.zeros(n_ballots, dtype=np.int64)
        if len(values):
            out[nonempty] = np.add.reduceat(values, indptr[:-1][nonempty])
        return out

    # weights (points) first: bad numbers are format errors
    if points is not None:
        parsed = _integers(points)
        if parsed is None:
            raw = points.buf.tobytes()
            for t, (s, k) in enumerate(zip(points.starts.tolist(), points.lens.tolist(),
                                           strict=True)):
                if not _is_int(raw[s:s + k]):
                    b = int(np.searchsorted(indptr, t, side="right")) - 1
                    raise PabulibError(line_of(b), f"points {raw[s:s + k].decode('utf-8', 'replace')!r} "
                                                   "is not an integer")
            parsed = np.array([int(raw[s:s + k]) for s, k in
                               zip(points.starts.tolist(), points.lens.tolist(), strict=True)],
                              dtype=np.int64)
        weights = parsed
        min_points, max_points = meta.integer("min_points"), meta.integer("max_points")
        bad_points = np.zeros(len(weights), dtype=bool)
        if min_points is not None:
            bad_points |= weights < min_points
        if max_points is not None:
            bad_points |= weights > max_points
        sums = per_ballot_sum(weights)
        min_sum, max_sum = meta.integer("min_sum_points"), meta.integer("max_sum_points")
        if min_sum is not None:
            mark(sums < min_sum, InvalidReason.UNDER_MIN_POINTS)
        if max_sum is not None:
            mark(sums > max_sum, InvalidReason.OVER_MAX_POINTS)
        if bad_points.any():
            mark(ballots_of(bad_points), InvalidReason.BAD_POINTS)
    elif kind == "ordinal":
        max_length = meta.integer("max_length") or (int(counts.max()) if n_ballots else 0)
        ballot_of = np.repeat(np.arange(n_ballots, dtype=np.int64), counts)
        weights = max_length - (np.arange(n_tokens, dtype=np.int64) - indptr[:-1][ballot_of])
    else:
        weights = np.ones(n_tokens, dtype=np.int64)

    pos = _positions(votes, instance)
    known = pos >= 0
    all_known = bool(known.all())
    # ballot cost limits, computed exactly on integers scaled by a common denominator
    min_cost, max_cost = meta.money("min_sum_cost"), meta.money("max_sum_cost")
    if min_cost is not None or max_cost is not None:
        costs = [Fraction(p.cost) for p in instance.projects]
        scale = math.lcm(*(c.denominator for c in costs),
                         *(x.denominator for x in (min_cost, max_cost) if x is not None))
        scaled = np.array([int(c * scale) for c in costs] + [0], dtype=np.int64)
        ballot_cost = per_ballot_sum(scaled[pos])  # pos -1 picks the trailing 0
        if min_cost is not None:
            mark(ballot_cost < int(min_cost * scale), InvalidReason.UNDER_MIN_COST)
        if max_cost is not None:
            mark(ballot_cost > int(max_cost * scale), InvalidReason.OVER_MAX_COST)
    min_length = meta.integer("min_length")
    if min_length is not None:
        mark(counts < min_length, InvalidReason.UNDER_MIN_LENGTH)
    repeated = _repeated(pos, indptr, counts, n_projects)
    if repeated.any():
        mark(ballots_of(repeated), InvalidReason.REPEATED_PROJECT)
    if not all_known:
        empty = votes.lens == 0
        if empty.any():
            t = int(np.flatnonzero(empty)[0])
            raise PabulibError(line_of(int(np.searchsorted(indptr, t, side="right")) - 1),
                               "empty project id in vote")
        mark(ballots_of(~known), InvalidReason.UNKNOWN_PROJECT)
    max_length = meta.integer("max_length")
    if max_length is not None:
        mark(counts > max_length, InvalidReason.OVER_VOTE)

    valid_ballot = code == 0
    if valid_ballot.all():
        items, kept_weights, kept_indptr = pos, weights, indptr
    else:
        keep = np.repeat(valid_ballot, counts)
        items, kept_weights = pos[keep], weights[keep]
        kept_counts = counts[valid_ballot]
        kept_indptr = np.zeros(len(kept_counts) + 1, dtype=np.int64)
        np.cumsum(kept_counts, out=kept_indptr[1:])
    votes_per_project = np.bincount(items, minlength=n_projects)
    profile = Profile(kind, n_projects, kept_indptr, items, kept_weights)  # type: ignore[arg-type]
    profile.cache_approvals(votes_per_project)
    reason_counts = np.bincount(code, minlength=len(_PRECEDENCE) + 1)
    invalid = {str(r): int(reason_counts[_CODE[r]]) for r in reversed(_PRECEDENCE)}
    blank = int(np.count_nonzero(valid_ballot & ~nonempty))
    max_choices = max_length if max_length is not None else max(n_projects, 1)
    tally = make_tally(instance.ids, dict(zip(instance.ids, votes_per_project.tolist(),
                                              strict=True)),
                       max_choices, valid=int(np.count_nonzero(valid_ballot)) - blank,
                       blank=blank, invalid=invalid)
    return profile, tally


def _is_int(token: bytes) -> bool:
    try:
        int(token)
    except ValueError:
        return False
    return True

# -- writing -------------------------------------------------------------------------------
def write(path: str | Path, election: Election) -> None:
    """Write ``election`` as a ``.pb`` file (UTF-8, LF line ends, minimal CSV quoting).

    PROJECTS gets ``votes`` (and ``score`` for non-approval ballots) recomputed from the profile;
    other project columns are kept. VOTES holds the counted (valid and blank) ballots, numbered
    from 1, with ``points`` for cumulative and scoring ballots.
    """
    Path(path).write_text(dumps(election), encoding="utf-8")


def dumps(election: Election) -> str:
    """The ``.pb`` text of ``election`` (see :func:`write`)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n")
    instance, profile = election.instance, election.profile
    meta = dict(election.meta)
    meta["budget"] = _money_text(instance.budget)
    meta["num_projects"] = str(len(instance))
    meta["num_votes"] = str(profile.n_ballots)
    meta.setdefault("vote_type", profile.kind)
    out.write("META\n")
    w.writerow(["key", "value"])
    for key, value in meta.items():
        w.writerow([key, value])
    out.write("PROJECTS\n")
    computed = ["project_id", "cost", "votes"]
    if profile.kind != "approval":
        computed.append("score")
    extra = [k for r in election.project_rows[:1] for k in r if k not in computed]
    for k in ("name", "selected"):
        if k not in extra:
            extra.append(k)
    w.writerow(computed + extra)
    approvals, scores = profile.approvals().tolist(), profile.scores().tolist()
    rows = {r.get("project_id"): r for r in election.project_rows}
    for j, p in enumerate(instance.projects):
        row = dict(rows.get(p.id, {}))
        row["name"] = p.name or row.get("name", "")
        if election.selected is not None:
            row["selected"] = str(election.selected.get(p.id, 0))
        values = [p.id, _money_text(p.cost), str(approvals[j])]
        if profile.kind != "approval":
            values.append(str(scores[j]))
        w.writerow(values + [row.get(k, "") for k in extra])
    out.write("VOTES\n")
    weighted = profile.kind in ("cumulative", "scoring")
    w.writerow(["voter_id", "vote", "points"] if weighted else ["voter_id", "vote"])
    ids = instance.ids
    for b in range(profile.n_ballots):
        pairs = profile.ballot(b)
        row = [str(b + 1), ",".join(ids[j] for j, _ in pairs)]
        if weighted:
            row.append(",".join(str(x) for _, x in pairs))
        w.writerow(row)
    return out.getvalue()


def _money_text(value: int | Fraction) -> str:
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    text = f"{float(value)}"
    if Fraction(text) != value:  # not a short decimal: write it exactly
        return f"{value.numerator}/{value.denominator}"
    return text


__all__ = ["BALLOT_KINDS", "Election", "PabulibError", "VOTE_TYPES", "dumps", "parse", "read",
           "write"]
