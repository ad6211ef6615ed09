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
        body = self.data[self.pos:]
        has_points = "points" in header
        if b'"' in body or b"\n\n" in body.rstrip(b"\n"):
            columns = _split_csv(body, header, first_line)
        else:
            columns = _split_fast(body, header, first_line)
        tokens, counts, point_tokens, point_counts, lines = columns
        if has_points and kind in ("cumulative", "scoring"):
            if not np.array_equal(counts, point_counts):
                bad = int(np.flatnonzero(counts != point_counts)[0])
                raise PabulibError(int(lines[bad]), "vote and points have different lengths")
        elif kind in ("cumulative", "scoring"):
            raise PabulibError(first_line - 1, f"{kind} ballots need a 'points' column")
        return _count(instance, _Meta(meta, self.meta_lines), kind, tokens, counts,
                      point_tokens if kind in ("cumulative", "scoring") else None, lines)


# (vote tokens joined by commas, tokens per ballot, points likewise, line of each ballot)
Columns = tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None, np.ndarray]


def _split_fast(body: bytes, header: list[str], first_line: int) -> Columns:
    """Cut the VOTES body (no quotes, no blank lines) into columns with numpy."""
    body = body.rstrip(b"\n")
    n_cols = len(header)
    if not body:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.uint8), empty, None, None, empty
    a = np.frombuffer(body + b"\n", dtype=np.uint8)
    newlines = np.flatnonzero(a == 10)
    starts = np.empty(len(newlines), dtype=np.int64)
    starts[0] = 0
    starts[1:] = newlines[:-1] + 1
    ends = newlines
    lines = np.arange(first_line, first_line + len(starts), dtype=np.int64)
    semis = np.flatnonzero(a == 59)
    first = np.searchsorted(semis, starts)
    n_semis = np.searchsorted(semis, ends) - first
    wrong = np.flatnonzero(n_semis != n_cols - 1)
    if len(wrong):
        i = int(wrong[0])
        raise PabulibError(int(lines[i]), f"VOTES row has {int(n_semis[i]) + 1} fields, "
                                          f"header has {n_cols}")
    commas = np.flatnonzero(a == 44)

    def column(k: int) -> tuple[list[bytes], np.ndarray]:
        s = starts if k == 0 else semis[first + (k - 1)] + 1
        e = ends if k == n_cols - 1 else semis[first + k]
        length = e - s
        n_commas = np.searchsorted(commas, e) - np.searchsorted(commas, s)
        count = np.where(length > 0, n_commas + 1, 0)
        keep = length > 0
        s2, len2 = s[keep], length[keep]
        if not len(s2):
            return np.zeros(0, dtype=np.uint8), count
        seg = len2 + 1
        out_start = np.cumsum(seg) - seg
        idx = np.arange(int(seg.sum()), dtype=np.int64) + np.repeat(s2 - out_start, seg)
        buf = a[idx]
        buf[out_start + len2] = 44
        return buf[:-1], count

    vote_tokens, counts = column(header.index("vote"))
    point_tokens = point_counts = None
    if "points" in header:
        point_tokens, point_counts = column(header.index("points"))
    return vote_tokens, counts, point_tokens, point_counts, lines


def _split_csv(body: bytes, header: list[str], first_line: int) -> Columns:
    """Cut the VOTES body into columns with :mod:`csv` (handles quotes and blank lines)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + body[:exc.start].count(b"\n")
        raise PabulibError(line, "not valid UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=True)
    vote_col = header.index("vote")
    points_col = header.index("points") if "points" in header else None
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
    return (_joined(tokens), np.asarray(counts, dtype=np.int64),
            _joined(point_tokens) if points_col is not None else None,
            np.asarray(point_counts, dtype=np.int64) if points_col is not None else None,
            np.asarray(lines, dtype=np.int64))


def _joined(tokens: list[bytes]) -> np.ndarray:
    return np.frombuffer(b",".join(tokens), dtype=np.uint8)


def _token_bounds(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the comma-separated tokens of ``buf``."""
    commas = np.flatnonzero(buf == 44)
    starts = np.empty(len(commas) + 1, dtype=np.int64)
    starts[0] = 0
    starts[1:] = commas + 1
    ends = np.empty(len(commas) + 1, dtype=np.int64)
    ends[:-1] = commas
    ends[-1] = len(buf)
    return starts, ends


def _keys(buf: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Exact 16-byte keys of tokens up to 16 bytes: (bytes -16..-9, bytes -8..-1) as integers.

    Text bytes are never 0, so equal keys mean equal tokens (length included)."""
    token_of = np.cumsum(buf == 44)
    back = ends[token_of] - np.arange(len(buf)) - 1  # position counted from the token's end
    is_sep = buf == 44
    values = buf.astype(np.uint64)
    low = np.where((back < 8) & ~is_sep, values << (8 * np.clip(back, 0, 7)).astype(np.uint64), 0)
    high = np.where((back >= 8) & ~is_sep,
                    values << (8 * np.clip(back - 8, 0, 7)).astype(np.uint64), 0)
    nonempty = ends > starts
    lo = np.zeros(len(starts), dtype=np.uint64)
    hi = np.zeros(len(starts), dtype=np.uint64)
    if len(buf):
        at = np.minimum(starts, len(buf) - 1)
        lo = np.where(nonempty, np.bitwise_or.reduceat(low.astype(np.uint64), at), 0)
        hi = np.where(nonempty, np.bitwise_or.reduceat(high.astype(np.uint64), at), 0)
    return hi.astype(np.uint64), lo.astype(np.uint64)


def _positions(buf: np.ndarray, instance: Instance) -> tuple[np.ndarray, np.ndarray]:
    """Project position of every token (-1 if unknown) and every token's length."""
    if not len(buf):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    starts, ends = _token_bounds(buf)
    lengths = ends - starts
    encoded = [p.id.encode("utf-8") for p in instance.projects]
    if lengths.max() > 16 or any(len(e) > 16 for e in encoded):
        index = {e: j for j, e in enumerate(encoded)}
        tokens = buf.tobytes().split(b",")
        pos = np.fromiter(map(index.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens))
        return pos, lengths
    hi, lo = _keys(buf, starts, ends)
    ids = np.frombuffer(b",".join(encoded), dtype=np.uint8)
    id_starts, id_ends = _token_bounds(ids)
    p_hi, p_lo = _keys(ids, id_starts, id_ends)
    mult = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        p_mix = p_lo ^ (p_hi * mult)
        mix = lo ^ (hi * mult)
    order = np.argsort(p_mix, kind="stable")
    sorted_mix = p_mix[order]
    at = np.clip(np.searchsorted(sorted_mix, mix), 0, len(order) - 1)
    cand = order[at]
    found = (p_lo[cand] == lo) & (p_hi[cand] == hi) & (lengths > 0)
    return np.where(found, cand, -1).astype(np.int64), lengths


def _integers(buf: np.ndarray) -> np.ndarray | None:
    """Comma-separated decimal integers of ``buf``; ``None`` if one is not an integer."""
    if not len(buf):
        return np.zeros(0, dtype=np.int64)
    starts, ends = _token_bounds(buf)
    is_sep = buf == 44
    minus = buf == 45
    digit = (buf >= 48) & (buf <= 57)
    if not np.all(digit | is_sep | (minus & np.isin(np.arange(len(buf)), starts))):
        return None
    if np.any(ends - starts - minus[np.minimum(starts, len(buf) - 1)] <= 0) or \
            np.any(ends - starts > 18):
        return None
    token_of = np.cumsum(is_sep)
    back = ends[token_of] - np.arange(len(buf)) - 1
    values = np.where(digit, (buf.astype(np.int64) - 48) * (10 ** np.clip(back, 0, 18)), 0)
    magnitude = np.add.reduceat(values, starts)
    return np.where(minus[starts], -magnitude, magnitude)


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


def _count(instance: Instance, meta: _Meta, kind: str, tokens: np.ndarray,
           counts: np.ndarray, point_tokens: np.ndarray | None,
           lines: np.ndarray) -> tuple[Profile, Tally]:
    """Map tokens to projects, check every ballot against META, build profile and tally."""
    n_projects = len(instance)
    n_ballots = len(counts)
    pos, token_lengths = _positions(tokens, instance)
    indptr = np.zeros(n_ballots + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    ballot_of = np.repeat(np.arange(n_ballots, dtype=np.int64), counts)
    nonempty = counts > 0
    code = np.zeros(n_ballots, dtype=np.int8)

    def mark(mask: np.ndarray, reason: InvalidReason) -> None:
        code[mask & nonempty] = _CODE[reason]

    def per_ballot_sum(values: np.ndarray) -> np.ndarray:
        out = np.zeros(n_ballots, dtype=np.int64)
        if len(values):
            out[nonempty] = np.add.reduceat(values, indptr[:-1][nonempty])
        return out

    # weights (points) first: bad numbers are format errors
    if point_tokens is not None:
        parsed = _integers(point_tokens)
        if parsed is None:
            texts = point_tokens.tobytes().split(b",")
            bad = next(i for i, t in enumerate(texts) if not _is_int(t))
            raise PabulibError(int(lines[int(ballot_of[bad])]),
                               f"points {texts[bad].decode('utf-8', 'replace')!r} "
                               "is not an integer")
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
        mark(np.bincount(ballot_of[bad_points], minlength=n_ballots) > 0,
             InvalidReason.BAD_POINTS)
    elif kind == "ordinal":
        max_length = meta.integer("max_length") or (int(counts.max()) if n_ballots else 0)
        weights = max_length - (np.arange(len(pos), dtype=np.int64) - indptr[:-1][ballot_of])
    else:
        weights = np.ones(len(pos), dtype=np.int64)

    known = pos >= 0
    safe_pos = np.where(known, pos, 0)
    # ballot cost limits, computed exactly on integers scaled by a common denominator
    min_cost, max_cost = meta.money("min_sum_cost"), meta.money("max_sum_cost")
    if min_cost is not None or max_cost is not None:
        costs = [Fraction(p.cost) for p in instance.projects]
        scale = math.lcm(*(c.denominator for c in costs),
                         *(x.denominator for x in (min_cost, max_cost) if x is not None))
        scaled = np.array([int(c * scale) for c in costs] or [0], dtype=np.int64)
        ballot_cost = per_ballot_sum(np.where(known, scaled[safe_pos], 0))
        if min_cost is not None:
            mark(ballot_cost < int(min_cost * scale), InvalidReason.UNDER_MIN_COST)
        if max_cost is not None:
            mark(ballot_cost > int(max_cost * scale), InvalidReason.OVER_MAX_COST)
    min_length = meta.integer("min_length")
    if min_length is not None:
        mark(counts < min_length, InvalidReason.UNDER_MIN_LENGTH)
    if np.any(counts > 1):
        key = ballot_of * (n_projects + 1) + np.where(known, pos, n_projects)
        key = key[known]
        key.sort()
        dup = key[1:][key[1:] == key[:-1]] // (n_projects + 1)
        mark(np.bincount(dup, minlength=n_ballots) > 0, InvalidReason.REPEATED_PROJECT)
    if not known.all():
        empty = np.flatnonzero(token_lengths == 0)
        if len(empty):
            raise PabulibError(int(lines[int(ballot_of[int(empty[0])])]),
                               "empty project id in vote")
        mark(np.bincount(ballot_of[~known], minlength=n_ballots) > 0,
             InvalidReason.UNKNOWN_PROJECT)
    max_length = meta.integer("max_length")
    if max_length is not None:
        mark(counts > max_length, InvalidReason.OVER_VOTE)

    valid_ballot = code == 0
    keep = valid_ballot[ballot_of] if len(ballot_of) else np.zeros(0, dtype=bool)
    kept_counts = counts[valid_ballot]
    new_indptr = np.zeros(len(kept_counts) + 1, dtype=np.int64)
    np.cumsum(kept_counts, out=new_indptr[1:])
    profile = Profile(kind, n_projects, new_indptr, pos[keep], weights[keep])  # type: ignore[arg-type]
    reason_counts = np.bincount(code, minlength=len(_PRECEDENCE) + 1)
    invalid = {str(r): int(reason_counts[_CODE[r]]) for r in reversed(_PRECEDENCE)}
    blank = int(np.count_nonzero(valid_ballot & ~nonempty))
    votes = np.bincount(pos[keep], minlength=n_projects)
    max_choices = max_length if max_length is not None else max(n_projects, 1)
    tally = make_tally(instance.ids, dict(zip(instance.ids, votes.tolist(), strict=True)),
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
