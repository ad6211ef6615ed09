"""Project ids of the vote tokens, compared byte for byte (numpy, no Python object per token).

A token of up to 16 bytes becomes an exact integer key: its bytes as a little-endian integer,
shifted up so that its last byte is the key's top byte (a 4-byte, 8-byte or 16-byte key, the
smallest that holds the longest id). Without a zero byte in the file two tokens have the same key
exactly when they are the same bytes (the shorter one's key ends in zero bytes where the longer
one's first bytes are, and those are not zero); with one, lengths are compared too. The keys of
the project ids sit in a hash table whose multiplier is chosen so that no two ids share a slot;
a token is project ``j`` only if its key (and length) equal those of the id in its slot. A
4-byte key is read one byte at a time (faster than an unaligned read for shorter tokens) or, when
every token is 4 bytes long, in one unaligned read; 8- and 16-byte keys are one or two unaligned
reads. Tokens longer than 16 bytes go through a dict.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from xihu.engine.pabulib.cut import Tokens

_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
#: masks keeping the first k bytes of a little-endian 8-byte word, k = 0..8
_KEEP = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)


def _key_of(raw: bytes, size: int) -> tuple[int, int]:
    """The key of ``raw`` (at most ``size`` bytes) as (bytes 0-7, bytes 8-15) integers."""
    if size <= 8:
        return int.from_bytes(bytes(size - len(raw)) + raw, "little"), 0
    low = raw[:8] if len(raw) >= 8 else bytes(8 - len(raw)) + raw
    high = bytes(16 - len(raw)) + raw[8:] if len(raw) > 8 else b""
    return int.from_bytes(low, "little"), int.from_bytes(high, "little")


@dataclass(frozen=True)
class IdLookup:
    """Collision-free hash table of the project ids (see the module docstring)."""

    size: int  # key bytes: 4, 8 or 16
    gather: int  # bytes gathered one at a time for a 4-byte key
    multiplier: int
    bits: int
    slot_pos: np.ndarray  # project position in each slot, -1 for none
    slot_key: np.ndarray  # that id's key (bytes 0-7), its bytes 8-15 and its length
    slot_high: np.ndarray
    slot_len: np.ndarray
    long_ids: dict[bytes, int]  # ids of more than 16 bytes
    nul: bool  # an id holds a zero byte

    def positions(self, tokens: Tokens, nul: bool) -> np.ndarray:
        """Project position of every token, -1 if it is no project id. ``nul``: the tokens may
        hold a zero byte."""
        n = len(tokens.starts)
        if n == 0:
            return np.zeros(0, dtype=self.slot_pos.dtype)
        high = None
        if self.size == 4:
            key = self._key4(tokens)
            slot = key * np.uint32(self.multiplier)
            slot >>= np.uint32(32 - self.bits)
            slot = slot.astype(np.intp)
        else:
            key, high = self._key8(tokens)
            slot = key if high is None else key ^ (high * _M2)
            slot = slot * np.uint64(self.multiplier)
            slot >>= np.uint64(64 - self.bits)
            slot = slot.view(np.int64)
        pos = self.slot_pos[slot]
        same = self.slot_key[slot] == key
        if high is not None:
            same &= self.slot_high[slot] == high
        if (nul or self.nul) and tokens.width is None:
            same &= self.slot_len[slot] == tokens.lens
        if not same.all():
            pos[~same] = -1
        if self.size == 16 and tokens.width is None:  # a longer token would match by its prefix
            long = np.flatnonzero(tokens.lens > 16)
            if len(long):
                self._long(tokens, long, pos)
        return pos

    def _key4(self, tokens: Tokens) -> np.ndarray:
        buf, starts = tokens.buf, tokens.starts
        if tokens.width == 4:  # one unaligned 4-byte read beats four 1-byte ones
            return np.ndarray((len(buf) - 3,), dtype="<u4", buffer=buf, strides=(1,))[starts]
        key = buf[starts].astype(np.uint32)
        at = starts
        for i in range(1, self.gather):
            at = at + 1
            byte = buf[at].astype(np.uint32)
            byte <<= np.uint32(8 * i)
            key |= byte
        if tokens.width is not None:
            key <<= np.uint32(8 * (4 - tokens.width))
        else:  # longer tokens get a shift of at least 32: key 0, which no id has
            shift = (4 - tokens.lens).astype(np.uint32)
            shift <<= np.uint32(3)
            key <<= shift
        return key

    def _key8(self, tokens: Tokens) -> tuple[np.ndarray, np.ndarray | None]:
        buf, starts = tokens.buf, tokens.starts
        words = np.ndarray((len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
        low = words[starts]
        if tokens.width is not None:
            low &= _KEEP[min(tokens.width, 8)]
            low <<= np.uint64(8 * max(8 - tokens.width, 0))
            if self.size == 8:
                return low, None
            high = words[starts + 8]
            high &= _KEEP[max(tokens.width - 8, 0)]
            high <<= np.uint64(8 * (16 - tokens.width) if tokens.width > 8 else 0)
            return low, high
        lens = tokens.lens
        if self.size == 8:  # a token of more than 8 bytes: a shift of 64 or more, key 0
            shift = (8 - lens).astype(np.uint64)
            shift <<= np.uint64(3)
            low <<= shift
            return low, None
        shift = np.maximum(8 - lens, 0).astype(np.uint64)  # 8 bytes or more: the whole word
        shift <<= np.uint64(3)
        low <<= shift
        high = words[starts + 8]
        shift = (16 - lens).astype(np.uint64)
        shift <<= np.uint64(3)  # 8 bytes or fewer: a shift of 64 or more, no second word
        high <<= shift
        return low, high

    def _long(self, tokens: Tokens, which: np.ndarray, pos: np.ndarray) -> None:
        raw = tokens.buf
        for t in which.tolist():
            s, k = int(tokens.starts[t]), int(tokens.lens[t])
            pos[t] = self.long_ids.get(raw[s:s + k].tobytes(), -1)


@functools.lru_cache(maxsize=64)
def id_lookup(ids: tuple[bytes, ...]) -> IdLookup:
    """The lookup table of ``ids`` (project ids in instance order, as UTF-8)."""
    longest = max((len(e) for e in ids), default=1)
    size = 4 if longest <= 4 else 8 if longest <= 8 else 16
    fits = [j for j, e in enumerate(ids) if 0 < len(e) <= 16]
    keys = [_key_of(ids[j], size) for j in fits]
    low = np.array([k[0] for k in keys], dtype=np.uint64)
    high = np.array([k[1] for k in keys], dtype=np.uint64)
    rng = np.random.default_rng(20241125)
    bits = max(4, len(fits).bit_length() + 2)
    while True:
        multiplier = int(rng.integers(1, 2**62)) * 2 + 1
        slots = _slots(low, high, size, multiplier, bits)
        if len(np.unique(slots)) == len(fits):
            break
        bits += int(rng.integers(0, 4) == 0)  # widen the table now and then
    table = 1 << bits
    dtype = np.int16 if len(ids) < 2**15 - 1 else np.int32
    slot_pos = np.full(table, -1, dtype=dtype)
    slot_key = np.zeros(table, dtype=np.uint32 if size == 4 else np.uint64)
    slot_high = np.zeros(table, dtype=np.uint64)
    slot_len = np.full(table, -1, dtype=np.int64)  # an empty slot matches no token
    slot_pos[slots] = fits
    slot_key[slots] = low
    slot_high[slots] = high
    slot_len[slots] = [len(ids[j]) for j in fits]
    return IdLookup(size, min(longest, 4), multiplier % (1 << 32) if size == 4 else multiplier,
                    bits, slot_pos, slot_key, slot_high, slot_len,
                    {e: j for j, e in enumerate(ids) if len(e) > 16},
                    any(b"\0" in e for e in ids))


def _slots(low: np.ndarray, high: np.ndarray, size: int, multiplier: int, bits: int,
           ) -> np.ndarray:
    if size == 4:
        key = low.astype(np.uint32) * np.uint32(multiplier % (1 << 32))
        return (key >> np.uint32(32 - bits)).astype(np.int64)
    with np.errstate(over="ignore"):
        key = low if size == 8 else low ^ (high * _M2)
        key = key * np.uint64(multiplier)
    return (key >> np.uint64(64 - bits)).view(np.int64)
