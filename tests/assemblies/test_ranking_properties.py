"""Property tests of the plenary count: the engine's tally of random ballots and the ranked rows
built from it (ties share a rank, ranks skip past ties, votes never increase down the list)."""

from collections import Counter
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.apps.assemblies.selectors import rank_rows
from xihu.engine.tally import tally_approval


@dataclass(frozen=True)
class Item:
    number: int
    project: str


ballots = st.integers(2, 15).flatmap(lambda n: st.tuples(
    st.just(n), st.integers(1, 10),
    st.lists(st.lists(st.integers(1, n), unique=True, max_size=n), max_size=60)))


@settings(max_examples=150, deadline=None)
@given(ballots)
def test_ranked_rows_follow_the_tally(case):
    n, max_choices, raw = case
    ids = [str(i) for i in range(1, n + 1)]
    tally = tally_approval([[str(c) for c in b] for b in raw], ids, max_choices)
    over = sum(1 for b in raw if len(b) > max_choices)
    assert tally.invalid.get("over_vote", 0) == over
    assert tally.blank == sum(1 for b in raw if not b)
    assert tally.valid + tally.blank + tally.invalid_total == len(raw)
    expected = Counter(c for b in raw if 0 < len(b) <= max_choices for c in b)
    assert all(tally.votes[str(i)] == expected[i] for i in range(1, n + 1))

    rows = rank_rows(tally, {pid: Item(int(pid), pid) for pid in ids})
    assert sorted(r.number for r in rows) == list(range(1, n + 1))
    assert [r.votes for r in rows] == sorted((r.votes for r in rows), reverse=True)
    for row in rows:
        same = [r for r in rows if r.votes == row.votes]
        assert row.tied == (len(same) > 1)
        assert row.rank == 1 + sum(1 for r in rows if r.votes > row.votes)
