"""Helpers of ``bench_engine.py``: which files, what is timed, how, and instruction counts.

- The files: every shared pabulib file with at least ``min_voters`` voters (ballots in its
  VOTES section, counted by the engine), largest first, so a new large file is never left out.
- The floor: reading the file's lines (``for line in open(path, encoding="utf-8")``).
- The engine: parse the file (META, PROJECTS, every ballot checked and counted), check the
  tally's accounting and run greedy on the profile: read + tally + select.
- Timing: the floor and the engine run alternately, file after file, round after round, and the
  best (smallest) time of each is kept, in wall time and in CPU time; the load average is read
  before and after.
- Instructions: ``valgrind --tool=callgrind`` (or ``perf stat -e instructions`` where the
  processor's counters are readable) counts the instructions of a child process that repeats
  the floor or the engine ``k`` times after one warm-up run of each; the count of a child that
  repeats nothing is subtracted. Instructions do not depend on the machine's load.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from xihu.engine import pabulib  # noqa: E402
from xihu.engine.rules import greedy  # noqa: E402


def data_dir() -> Path:
    configured = os.environ.get("XIHU_PABULIB_DIR")
    return Path(configured) if configured else (ROOT / ".." / "shared" / "data" / "pabulib")


def largest_files(folder: Path, min_voters: int) -> list[tuple[Path, int]]:
    """``(path, voters)`` of every ``.pb`` file in ``folder`` with at least ``min_voters``
    voters, largest first."""
    sized = []
    for path in sorted(folder.glob("*.pb")):
        voters = pabulib.read(path).tally.ballots
        if voters >= min_voters:
            sized.append((path, voters))
    return sorted(sized, key=lambda pv: -pv[1])


def read_lines(path: Path) -> None:
    """The floor: read the file's lines and do nothing with them."""
    with open(path, encoding="utf-8") as f:
        for _line in f:
            pass


def engine(path: Path) -> None:
    """Read + tally + select: parse, check the tally's accounting, greedy on the profile."""
    election = pabulib.read(path)
    election.tally.check()
    greedy(election.instance, election.profile)


def synthetic(path: Path, n_ballots: int, n_projects: int = 200, k: int = 5) -> None:
    """An approval edition of ``n_ballots`` ballots of 1 to ``k`` of ``n_projects`` projects
    (ids ``1``..``n_projects``, popularity 1/rank), with two more VOTES columns."""
    rng = random.Random(2024)
    weights = [1 / (j + 1) for j in range(n_projects)]
    with open(path, "w", encoding="utf-8") as f:
        f.write("META\nkey;value\nbudget;10000000\nvote_type;approval\nrule;greedy\n")
        f.write(f"max_length;{k}\nPROJECTS\nproject_id;cost;name\n")
        for j in range(n_projects):
            f.write(f"{j + 1};{rng.randint(10, 500) * 1000};Project {j + 1}\n")
        f.write("VOTES\nvoter_id;vote;age;sex\n")
        for v in range(n_ballots):
            choice = {rng.choices(range(n_projects), weights)[0] + 1
                      for _ in range(rng.randint(1, k))}
            f.write(f"{v + 1};{','.join(map(str, choice))};{rng.randint(16, 90)};F\n")


@dataclass
class Best:
    """Smallest wall and CPU times (seconds) of the floor and the engine on one file."""

    floor: float = float("inf")
    engine: float = float("inf")
    floor_cpu: float = float("inf")
    engine_cpu: float = float("inf")

    @property
    def ratio(self) -> float:
        return self.engine / self.floor

    @property
    def cpu_ratio(self) -> float:
        return self.engine_cpu / self.floor_cpu


def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    start, start_cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - start_cpu


def alternate(paths: list[Path], rounds: int,
              repeats: Callable[[Path], int] = lambda p: 1) -> dict[Path, Best]:
    """Best times of the floor and the engine on every file: ``rounds`` rounds over all the
    files, each running the floor and the engine alternately ``repeats(path)`` times (which of
    the two goes first changes from round to round)."""
    best = {p: Best() for p in paths}
    for r in range(rounds):
        for path in paths:
            b = best[path]
            for i in range(repeats(path)):
                order = ("floor", "engine") if (r + i) % 2 == 0 else ("engine", "floor")
                for which in order:
                    fn = read_lines if which == "floor" else engine
                    wall, cpu = _timed(lambda f=fn, p=path: f(p))
                    if which == "floor":
                        b.floor, b.floor_cpu = min(b.floor, wall), min(b.floor_cpu, cpu)
                    else:
                        b.engine, b.engine_cpu = min(b.engine, wall), min(b.engine_cpu, cpu)
    return best


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


# -- instructions -------------------------------------------------------------------------
def instruction_counter() -> str | None:
    """``"perf"`` if ``perf stat`` can count instructions here, else ``"callgrind"`` if valgrind
    is installed, else ``None``."""
    if shutil.which("perf"):
        out = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", "true"],
                             capture_output=True, text=True, check=False).stderr
        if re.search(r"^\d+,", out, re.M):
            return "perf"
    return "callgrind" if shutil.which("valgrind") else None


def _count(tool: str, which: str, path: Path, k: int) -> int:
    cmd = [sys.executable, __file__, which, str(path), str(k)]
    if tool == "perf":
        out = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", *cmd],
                             capture_output=True, text=True, check=True).stderr
        return int(re.search(r"^(\d+),", out, re.M).group(1))  # type: ignore[union-attr]
    out = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                         capture_output=True, text=True, check=True).stderr
    return int(re.search(r"Collected : (\d+)", out).group(1))  # type: ignore[union-attr]


def instructions(tool: str, path: Path, k: int = 3) -> tuple[float, float]:
    """Instructions of one floor run and of one engine run on ``path`` (averages over ``k``)."""
    base = _count(tool, "engine", path, 0)
    return ((_count(tool, "floor", path, k) - base) / k,
            (_count(tool, "engine", path, k) - base) / k)


def _child(which: str, path: str, k: int) -> None:
    """Warm up (one floor and one engine run), then run ``which`` ``k`` times."""
    read_lines(Path(path))
    engine(Path(path))
    fn = read_lines if which == "floor" else engine
    for _ in range(k):
        fn(Path(path))


if __name__ == "__main__":  # the child process of :func:`instructions`
    _child(sys.argv[1], sys.argv[2], int(sys.argv[3]))
