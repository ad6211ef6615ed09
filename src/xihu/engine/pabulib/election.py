"""What reading a pabulib file gives: :class:`Election`, and :class:`PabulibError` for a bad file."""

from __future__ import annotations

from dataclasses import dataclass, field

from xihu.engine.model import Instance, Profile
from xihu.engine.tally import Tally

#: pabulib vote types and the ballot kind the engine reads them as
VOTE_TYPES = {"approval": "approval", "choose-1": "approval", "cumulative": "cumulative",
              "scoring": "scoring", "ordinal": "ordinal"}


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

