"""Read and write pabulib ``.pb`` files (https://pabulib.org/format).

A file has three sections, each a line ``META``/``PROJECTS``/``VOTES`` followed by a header
line and ``;``-separated rows (CSV double-quote quoting). A UTF-8 BOM and CRLF line ends are
accepted; budgets and costs may carry a decimal point (``400000.0`` is exactly 400000).

Reading is streamed from bytes: META and PROJECTS go through :mod:`csv`; the VOTES section, when
it holds no quote character, is cut into columns with numpy over the raw bytes (one pass per
separator) and only the vote (and points) tokens become Python objects. A VOTES section with
quotes goes through :mod:`csv` (same result, slower).

Ballot validity follows META: ``max_length`` (over-vote), unknown or repeated project ids,
``min_length``, ``min_sum_cost``/``max_sum_cost``, ``min_points``/``max_points`` per project and
``min_sum_points``/``max_sum_points`` per ballot. Invalid ballots are counted by reason in
:attr:`Election.tally` and left out of :attr:`Election.profile`; blank ballots stay in the
profile (they are voters for Equal Shares). Ordinal ballots score ``max_length - position``
(first choice ``max_length`` points; without ``max_length``, the longest ballot's length).

Any problem raises :class:`PabulibError` with the 1-based line number.

Modules: :mod:`.election` (what a file gives), :mod:`.parser` (META, PROJECTS, dispatch of
VOTES), :mod:`.cut` (the numpy cut of VOTES), :mod:`.cut_csv` (the :mod:`csv` one), :mod:`.ids`
(tokens to project positions), :mod:`.count` (validity, profile, tally), :mod:`.write`.
"""

from xihu.engine.model import BALLOT_KINDS
from xihu.engine.pabulib.election import VOTE_TYPES, Election, PabulibError
from xihu.engine.pabulib.parser import parse, read
from xihu.engine.pabulib.write import dumps, write

__all__ = ["BALLOT_KINDS", "Election", "PabulibError", "VOTE_TYPES", "dumps", "parse", "read",
           "write"]
