"""Cutting the VOTES rows with :mod:`csv`: quoted fields, blank lines, and the line of a bad row."""

from __future__ import annotations

import csv
import io

import numpy as np

from xihu.engine.pabulib.cut import Tokens
from xihu.engine.pabulib.election import PabulibError


def split_csv(body: bytes, header: list[str], first_line: int, with_points: bool,
               ) -> tuple[Tokens, Tokens | None, np.ndarray]:
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
    return (Tokens.from_list(tokens, counts),
            Tokens.from_list(point_tokens, point_counts) if points_col is not None else None,
            np.asarray(lines, dtype=np.int64))
