"""What the simulator says while it works: a tqdm bar per stage on a terminal, and one plain
line per stage (with its time) where the output is a file, a pipe or CI's log, so logs stay
readable. tqdm is small (no dependencies) and maintained; docs/decisions.md says why."""

import sys
import time
from contextlib import contextmanager

from tqdm import tqdm


class Bar:
    """A stage's counter: `advance(n)` as work gets done (a no-op without a terminal)."""

    def __init__(self, bar: tqdm | None):
        self._bar = bar
        self.done = 0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.update(n)


class Progress:
    """`with progress.stage("voting", total=21, unit="community") as bar: ... bar.advance()`."""

    def __init__(self, stream=None, *, bars: bool | None = None, quiet: bool = False):
        self.stream = stream or sys.stdout
        self.quiet = quiet
        isatty = getattr(self.stream, "isatty", lambda: False)()
        self.bars = isatty if bars is None else bars

    def line(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(text + "\n")
            self.stream.flush()

    @contextmanager
    def stage(self, label: str, *, total: int | None = None, unit: str = "item"):
        started = time.monotonic()
        bar = None
        if self.bars and not self.quiet:
            bar = tqdm(total=total, desc=f"  {label:<12}", unit=f" {unit}", file=self.stream,
                       leave=False, dynamic_ncols=True, mininterval=0.2)
        elif not self.quiet:
            self.stream.write(f"  {label:<12} ...\n")
            self.stream.flush()
        counter = Bar(bar)
        try:
            yield counter
        finally:
            if bar is not None:
                bar.close()
        self.line(f"  {label:<12} done in {time.monotonic() - started:5.1f} s")


SILENT = Progress(quiet=True)
