"""Cutting the VOTES rows into token columns with numpy (no quote character in the section)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Tokens:
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
    def from_list(cls, tokens: list[bytes], counts: list[int]) -> Tokens:
        lens = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        starts = np.cumsum(lens + 1) - (lens + 1)
        joined = b",".join(tokens)
        return cls(np.frombuffer(joined, dtype=np.uint8), starts, lens,
                   np.asarray(counts, dtype=np.int64), b"\0" in joined)


@dataclass(frozen=True)
class Lines:
    """Line number of every ballot: consecutive from ``first`` (fast path) or listed."""

    first: int
    listed: np.ndarray | None

    def __call__(self, ballot: int) -> int:
        return self.first + ballot if self.listed is None else int(self.listed[ballot])


def has_blank_line(data: bytes, start: int) -> bool:
    """True if the VOTES body (from ``start``) has an empty line before its last row."""
    at = data.find(b"\n\n", start)
    return at >= 0 and bool(data[at:].strip(b"\n"))


_SEMI, _COMMA, _NEWLINE = 59, 44, 10


def split_fast(data: bytes, start: int, n_cols: int, vote_col: int, points_col: int | None,
                id_width: int | None = None) -> tuple[Tokens, Tokens | None, None] | None:
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
        empty = Tokens(np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.int64),
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

    def joined(k: int) -> Tokens:
        starts = np.concatenate([cut[k][0] + off for off, cut in parts])  # type: ignore[index]
        lens = np.concatenate([cut[k][1] for _, cut in parts])  # type: ignore[index]
        counts = np.concatenate([cut[k][2] for _, cut in parts])  # type: ignore[index]
        return Tokens(a, starts, lens, counts, has_nul)

    return joined(0), (joined(1) if points_col is not None else None), None


#: bytes of VOTES rows cut at once by :func:`split_fast`
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
                 ) -> Tokens | None:
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
    return Tokens(a, starts, lens, counts, has_nul, width)

