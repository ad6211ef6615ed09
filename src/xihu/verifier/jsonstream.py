"""Read a large JSON file one element at a time, in memory bounded by its largest element.

The export's big files are a top-level array (papers.json) or an object holding one big array
(ledger.json: {"entries": [...], "head": ..., ...}); json.load would hold all of it at once (and
ten times more in Python objects). Standard library only: a buffer of text read in chunks, and
json.JSONDecoder.raw_decode for each element.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO

CHUNK = 1 << 20
_WHITESPACE = " \t\n\r"
_DELIMITERS = ",]}:" + _WHITESPACE


class JsonStream:
    """A cursor over the JSON text of `stream` (a text file)."""

    def __init__(self, stream: IO[str], chunk: int = CHUNK) -> None:
        self.stream, self.chunk = stream, chunk
        self.buffer, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder()

    def _more(self, at_least: int) -> bool:
        if self.eof:
            return False
        if self.pos > self.chunk:  # drop what was consumed so the buffer stays small
            self.buffer, self.pos = self.buffer[self.pos:], 0
        text = self.stream.read(max(self.chunk, at_least))
        if not text:
            self.eof = True
            return False
        self.buffer += text
        return True

    def peek(self) -> str:
        """The next character that is not whitespace ("" at the end)."""
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in _WHITESPACE:
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._more(self.chunk):
                return ""

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise ValueError(f"expected {char!r} in the JSON text, found {found or 'the end'!r}")
        self.pos += 1

    def value(self):
        """The next complete JSON value. A value is only taken once a delimiter follows it in
        the buffer (or the file ended), so a number cut by the chunk's end ("1" of "1e5", "2."
        of "2.5") is never half read."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
                if self.eof or (end < len(self.buffer) and self.buffer[end] in _DELIMITERS):
                    self.pos = end
                    return value
            except json.JSONDecodeError:
                if self.eof:
                    raise
            # read as much again as is buffered, so a large value costs linear time
            self._more(len(self.buffer) - self.pos)

    def elements(self) -> Iterator:
        """The elements of the array that starts here, one at a time."""
        self.expect("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            char = self.peek()
            self.pos += 1
            if char == "]":
                return
            if char != ",":
                raise ValueError(f"expected ',' or ']' between array elements, found {char or 'the end'!r}")

    def members(self, streamed: str) -> Iterator[tuple[str, object]]:
        """(key, value) of the object that starts here; the value of the key `streamed`, when it
        is an array, is an iterator over its elements (consume it before the next member)."""
        self.expect("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise ValueError("an object key is not a string")
            self.expect(":")
            if key == streamed and self.peek() == "[":
                yield key, self.elements()
            else:
                yield key, self.value()
            char = self.peek()
            self.pos += 1
            if char == "}":
                return
            if char != ",":
                raise ValueError(f"expected ',' or '}}' between object members, found {char or 'the end'!r}")
