"""What ``xihu pb solve`` refuses before it counts: a negative budget, votes for projects that the
file does not list, and a voter id that appears twice. The reader (pabulib.read) counts the first
two quietly as invalid ballots and keeps no voter ids, which is right for replaying published
elections but wrong for a file someone is about to decide money with: ``solve`` says so instead.

A plain streamed scan of the file (no Django, no numpy), independent of the reader's fast path:
each problem is reported as ``line N: ...`` (at most ``LIMIT`` of them, then a count)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

LIMIT = 10


@dataclass
class Problems:
    lines: list[str] = field(default_factory=list)
    total: int = 0

    def add(self, line: int, text: str) -> None:
        self.total += 1
        if len(self.lines) < LIMIT:
            self.lines.append(f"line {line}: {text}")

    def report(self) -> list[str]:
        more = self.total - len(self.lines)
        return self.lines + ([f"... and {more} more"] if more > 0 else [])


def _rows(path: Path):
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    for number, line in enumerate(io.StringIO(text), start=1):
        stripped = line.strip()
        if stripped:
            yield number, next(csv.reader([stripped], delimiter=";", quotechar='"'))


def _budget(value: str) -> Fraction | None:
    try:
        return Fraction(value.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        return None


def solve_problems(path: str | Path) -> list[str]:
    """Every reason to refuse counting `path` (empty when there is none)."""
    problems = Problems()
    section, header = "", []
    projects: set[str] = set()
    first_seen: dict[str, int] = {}
    for number, row in _rows(Path(path)):
        tag = row[0].strip().upper() if len(row) == 1 else ""
        if tag in ("META", "PROJECTS", "VOTES"):
            section, header = tag, []
            continue
        if not header:
            header = [h.strip().lower() for h in row]
            continue
        values = dict(zip(header, (v.strip() for v in row), strict=False))
        if section == "META" and len(row) >= 2 and row[0].strip().lower() == "budget":
            budget = _budget(row[1])
            if budget is not None and budget < 0:
                problems.add(number, f"the budget {row[1].strip()} is negative")
        elif section == "PROJECTS" and header:
            projects.add(values.get("project_id", ""))
        elif section == "VOTES":
            voter = values.get("voter_id", "")
            if voter:
                if voter in first_seen:
                    problems.add(number, f"voter {voter} appears again (first on line "
                                         f"{first_seen[voter]})")
                else:
                    first_seen[voter] = number
            unknown = [p for p in values.get("vote", "").split(",") if p.strip()
                       and p.strip() not in projects]
            if unknown:
                problems.add(number, "vote for projects the file does not list: "
                                     + ", ".join(sorted({p.strip() for p in unknown})))
    return problems.report()
