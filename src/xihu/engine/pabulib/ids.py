"""Project ids of the vote tokens, compared byte for byte (numpy, no Python object per token)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import repeat

import numpy as np

from xihu.engine.model import Instance
from xihu.engine.pabulib.cut import Tokens

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


def positions(tokens: Tokens, instance: Instance) -> np.ndarray:
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
    ids = Tokens.from_list([encoded[j] for j in fits], [len(fits)])
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

