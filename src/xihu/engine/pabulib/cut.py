"""Cutting the VOTES rows into token columns with numpy (no quote character in the section).

The rows are cut in chunks of whole rows (:func:`chunks`, about ``_CHUNK`` bytes each) and each
chunk goes through the whole reader (cut, ids, checks) before the next one, so that every array
of a chunk stays in the processor's cache and its memory is reused instead of faulted in anew.

A chunk is cut by :func:`cut_rows` (any ids) or :func:`cut_fixed` (every project id has the same
byte length). Both refuse a chunk (return ``None``) unless every row has exactly the header's
number of fields; the :mod:`csv` reader then runs and names the first bad line.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

_SEMI, _COMMA, _NEWLINE = np.uint8(59), np.uint8(44), np.uint8(10)
#: bytes of VOTES rows cut at once (a chunk ends at the first newline past this many bytes);
#: twice as many when every id has one width (the fixed-width cut makes fewer, smaller arrays)
_CHUNK = 1 << 17
#: readable bytes after a chunk's last row (token words are read 8 or 16 bytes at a time)
PAD = 16


@dataclass(frozen=True)
class Tokens:
    """The comma-separated tokens of one VOTES column: token ``t`` is the bytes
    ``buf[starts[t]:starts[t] + lens[t]]``; ballot ``b`` has ``counts[b]`` tokens (an empty field
    has none; an empty token between commas has length 0). ``buf`` is readable for ``PAD`` bytes
    past every token's start. ``width``: every token has this length."""

    buf: np.ndarray
    starts: np.ndarray
    lens: np.ndarray | None  # None when every token is ``width`` bytes long
    counts: np.ndarray
    width: int | None = None
    first: np.ndarray | None = None  # token mask: the token is its ballot's first

    def firsts(self) -> np.ndarray:
        """Token mask: the token is the first of its ballot."""
        if self.first is not None:
            return self.first
        first = np.zeros(len(self.starts), dtype=bool)
        ends = np.cumsum(self.counts)
        first[(ends - self.counts)[self.counts > 0]] = True
        return first

    @classmethod
    def from_list(cls, tokens: list[bytes], counts: list[int]) -> Tokens:
        lens = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        starts = np.cumsum(lens + 1) - (lens + 1)
        joined = b",".join(tokens) + bytes(PAD)
        return cls(np.frombuffer(joined, dtype=np.uint8), starts, lens,
                   np.asarray(counts, dtype=np.int64))


@dataclass(frozen=True)
class Lines:
    """Line number of every ballot: consecutive from ``first`` (fast path) or listed."""

    first: int
    listed: np.ndarray | None = None

    def __call__(self, ballot: int) -> int:
        return self.first + ballot if self.listed is None else int(self.listed[ballot])


def has_blank_line(data: bytes, start: int) -> bool:
    """True if the VOTES body (from ``start``) has an empty line before its last row."""
    at = data.find(b"\n\n", start)
    return at >= 0 and bool(data[at:].strip(b"\n"))


def chunks(data: bytes, start: int, scale: int = 1) -> Iterator[tuple[np.ndarray, int]]:
    """The VOTES body from ``start`` as ``(buffer, n)`` pairs: ``buffer[:n]`` is whole rows
    (about ``scale * _CHUNK`` bytes), each ending with a newline (one is added after the last row
    if the file has none), and ``buffer`` holds at least ``PAD`` more bytes. Trailing empty lines
    are dropped."""
    size = scale * _CHUNK
    end = len(data)
    while end > start and data[end - 1] == _NEWLINE:
        end -= 1
    whole = np.frombuffer(data, dtype=np.uint8)
    lo = start
    while lo < end:
        hi = data.find(b"\n", lo + size, end) + 1 if end - lo > size else 0
        if hi <= 0:
            hi = end + 1  # the last chunk: rows up to the end, then a newline
        if hi + PAD <= len(data):
            yield whole[lo:hi + PAD], hi - lo
        else:  # near the end of the file: a padded copy
            buf = np.zeros(hi - lo + PAD, dtype=np.uint8)
            buf[:end - lo] = whole[lo:end]
            buf[end - lo] = _NEWLINE
            yield buf, hi - lo
        lo = hi


def _grid(seps: np.ndarray, kinds: np.ndarray, n_newlines: int, n_cols: int,
          ) -> np.ndarray | None:
    """``seps`` (the semicolons and newlines of whole rows, in order; ``kinds[seps]`` their bytes)
    as rows of ``n_cols``, or ``None`` unless every row has ``n_cols - 1`` semicolons and then a
    newline: the last of every ``n_cols`` is a newline and there are ``n_newlines`` in all."""
    rows, rest = divmod(len(seps), n_cols)
    if rest or n_newlines != rows:
        return None
    grid = seps.reshape(rows, n_cols)
    if np.count_nonzero(kinds[grid[:, -1]] == _NEWLINE) != rows:
        return None
    return grid


def cut_rows(buf: np.ndarray, n: int, n_cols: int, cols: tuple[int, ...],
             ) -> list[Tokens] | None:
    """The token columns ``cols`` of the rows ``buf[:n]``; ``None`` if a row has the wrong number
    of fields.

    One pass lists every separator (``;``, ``,``, newline). The semicolons and newlines among
    them must come as ``n_cols - 1`` and 1 per row; field ``col`` of a row then runs between two
    of them, and the commas listed between those two cut it into tokens. A token therefore starts
    after the separator that opens it: the one opening the field or a comma inside it."""
    body = buf[:n]
    mask = body == _SEMI
    mask |= body == _COMMA
    mask |= body == _NEWLINE
    seps = mask.nonzero()[0]
    kinds = body[seps]
    not_comma = kinds != _COMMA
    grid = _grid(not_comma.nonzero()[0], kinds, np.count_nonzero(kinds == _NEWLINE), n_cols)
    if grid is None:
        return None
    n_commas = len(seps) - grid.size
    if 0 in cols:  # field 0 is opened by the previous row's newline: add one before the first
        seps = np.concatenate([[-1], seps])
        not_comma = np.concatenate([[True], not_comma])
        grid = grid + 1
    out = []
    for col in cols:
        close = grid[:, col]
        if col:
            open_ = grid[:, col - 1]
        else:
            open_ = np.empty(len(grid), dtype=np.int64)
            open_[0] = 0
            open_[1:] = grid[:-1, -1]
        counts = close - open_  # commas in the field + 1
        if int(counts.sum()) - len(counts) == n_commas:  # every comma is in this field
            opener = ~not_comma
            opener[open_] = True
        else:  # commas in other fields too: mark this field's separators
            depth = np.zeros(len(seps) + 1, dtype=np.int8)
            depth[open_] += 1
            depth[close] -= 1
            opener = depth[:-1].cumsum(dtype=np.int8).view(bool)
        at = opener.nonzero()[0]
        first = not_comma[at]
        starts = seps[at]
        starts += 1
        at += 1
        lens = seps[at]
        lens -= starts
        if np.count_nonzero(lens) < len(lens):  # an empty field is a blank ballot: no token
            blank = lens == 0
            blank &= first
            blank[:-1] &= first[1:]  # the field's only token
            if np.count_nonzero(blank):
                counts = counts - blank[first]
                keep = ~blank
                starts, lens, first = starts[keep], lens[keep], first[keep]
        out.append(Tokens(buf, starts, lens, counts, first=first))
    return out


def cut_fixed(buf: np.ndarray, n: int, n_cols: int, col: int, width: int) -> Tokens | None:
    """Column ``col`` of the rows ``buf[:n]`` when every project id has ``width`` bytes and the
    rows agree; ``None`` otherwise (then :func:`cut_rows` runs).

    Only semicolons and newlines are located. A field of ``c`` ids of ``width`` bytes is
    ``c * (width + 1) - 1`` bytes long with commas at fixed places. The layout is accepted only
    if every field has such a length and the byte after every token but a ballot's last is a
    comma: then the tokens are the ``width``-byte pieces between those commas, as
    :func:`cut_rows` would cut them unless a piece holds a comma itself. No project id holds a
    comma (the caller makes sure), so only a piece that is no project id can: the counter checks
    those (:class:`~xihu.engine.pabulib.count.Recut`)."""
    body = buf[:n]
    newline = body == _NEWLINE
    mask = body == _SEMI
    mask |= newline
    grid = _grid(mask.nonzero()[0], body, np.count_nonzero(newline), n_cols)
    if grid is None:
        return None
    if col == 0:
        field_start = np.empty(len(grid), dtype=np.int64)
        field_start[0] = -1
        field_start[1:] = grid[:-1, -1]
        field_start += 1
    else:
        field_start = grid[:, col - 1] + 1
    field_len = grid[:, col] - field_start
    if len(field_len) and int(field_len.max()) >= 1 << 20:
        return None
    step = width + 1
    # ids per field: (field_len + 1) // step, by a multiplication (exact below 2**20 bytes)
    length = field_len + 1
    counts = length * -(-(1 << 32) // step)
    counts >>= 32
    length -= counts * step  # what is left: 0, or 1 for an empty field (no id)
    if np.count_nonzero(length == (counts == 0)) != len(length):
        return None
    offset = np.zeros(len(counts) + 1, dtype=np.int64)  # of every row's first token
    counts.cumsum(out=offset[1:])
    n_tokens = int(offset[-1])
    starts = np.arange(0, n_tokens * step, step, dtype=np.int64)
    field_start -= offset[:-1] * step
    starts += field_start.repeat(counts)
    n_commas = n_tokens - np.count_nonzero(counts)
    if np.count_nonzero(buf[starts + width] == _COMMA) != n_commas:
        return None
    first = np.zeros(n_tokens, dtype=bool)
    first[offset[:-1][counts > 0]] = True
    return Tokens(buf, starts, None, counts, width, first)
