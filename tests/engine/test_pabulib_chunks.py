"""The VOTES reader works chunk by chunk: the same results whatever the chunk size, the fixed-width
cut giving way to the general one mid-file, the format error still reported first, and exact
weighted scores."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.engine import pabulib
from xihu.engine.model import Profile
from xihu.engine.pabulib import PabulibError, cut
from xihu.engine.tally import tally_approval

FIXED_IDS = ["L005", "L007", "L010", "A123"]
fixed_token = st.sampled_from(FIXED_IDS + ["L0,5", "Q999"])


def _file(ballots: list[list[str]], ids: list[str], k: int, points: list[list[int]] | None = None,
          vote_type: str = "approval") -> str:
    projects = "\n".join(f"{pid};{10 + j}" for j, pid in enumerate(ids))
    header = "voter_id;vote;points;age" if points is not None else "voter_id;vote;age"
    rows = []
    for i, b in enumerate(ballots):
        cells = [str(i + 1), ",".join(b)]
        if points is not None:
            cells.append(",".join(map(str, points[i])))
        rows.append(";".join([*cells, "42"]))
    return (f"META\nkey;value\nbudget;100\nvote_type;{vote_type}\nmax_length;{k}\n"
            f"PROJECTS\nproject_id;cost\n{projects}\nVOTES\n{header}\n" + "\n".join(rows) + "\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(fixed_token, min_size=1, max_size=5), min_size=1, max_size=40),
       st.integers(1, 5), st.integers(1, 120))
def test_fixed_width_gives_way_mid_file(tmp_path_factory, ballots, k, chunk) -> None:
    """Chunks cut at the ids' one width until a token holding a comma sends a chunk to the
    general cut: the tally and profile are those of the reference, ballot by ballot."""
    path = tmp_path_factory.mktemp("fixed") / "e.pb"
    path.write_text(_file(ballots, FIXED_IDS, k), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cut, "_CHUNK", chunk)
        e = pabulib.read(path)
    as_cut = [",".join(b).split(",") for b in ballots]  # "L0,5" is two tokens
    assert e.tally == tally_approval(as_cut, FIXED_IDS, k)
    counted = [b for b in as_cut if tally_approval([b], FIXED_IDS, k).valid]
    assert [[FIXED_IDS[j] for j, _ in e.profile.ballot(i)] for i in range(len(counted))] == counted


@pytest.mark.parametrize("chunk", [1, 20, 1 << 17])
def test_format_error_further_down_is_reported_first(tmp_path, chunk) -> None:
    """An empty id on line 14 and a row with a missing field on line 40: as with one pass over
    the file, the row with the wrong number of fields is what the error names."""
    ballots = [["L005", "L007"]] * 30
    text = _file(ballots, FIXED_IDS, 5).splitlines()
    text[13] = "2;L005,;42"  # an empty id
    text[39] = "28;L005"  # two fields instead of three
    path = tmp_path / "e.pb"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cut, "_CHUNK", chunk)
        with pytest.raises(PabulibError) as info:
            pabulib.read(path)
    assert info.value.line == 40 and "fields" in info.value.message


@pytest.mark.parametrize("chunk", [1, 7, 1 << 17])
def test_points_and_ordinal_in_chunks(tmp_path, chunk) -> None:
    """Points and ordinal positions are per ballot, whatever chunk a ballot falls in; ordinal
    points use the longest ballot of the whole file when META has no max_length."""
    ids = ["a", "bb", "c"]
    ballots = [["a", "bb"], ["c"], ["bb", "c", "a"], ["a"]] * 5
    points = [[2, 1], [3], [1, 1, 1], [3]] * 5
    cumulative = tmp_path / "c.pb"
    cumulative.write_text(_file(ballots, ids, 3, points, "cumulative"), encoding="utf-8")
    ordinal = tmp_path / "o.pb"
    ordinal.write_text(_file(ballots, ids, 3, None, "ordinal").replace("max_length;3\n", ""),
                       encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cut, "_CHUNK", chunk)
        c = pabulib.read(cumulative)
        o = pabulib.read(ordinal)
    assert c.profile.scores().tolist() == [5 * (2 + 1 + 3), 5 * (1 + 1), 5 * (3 + 1)]
    assert o.profile.scores().tolist() == [5 * (3 + 1 + 3), 5 * (2 + 3), 5 * (3 + 2)]
    assert c.profile.ballot(2) == [(1, 1), (2, 1), (0, 1)]
    assert o.profile.ballot(2) == [(1, 3), (2, 2), (0, 1)]


def test_empty_file_is_a_pabulib_error(tmp_path) -> None:
    path = tmp_path / "empty.pb"
    path.write_bytes(b"")
    with pytest.raises(PabulibError, match="missing section META"):
        pabulib.read(path)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(-(2**56), 2**56)), max_size=40),
       st.booleans())
def test_weighted_scores_are_exact(pairs, small) -> None:
    """Scores are exact integer sums: by a float bincount only when no partial sum can reach
    2**53, else exactly on integers."""
    items = np.array([j for j, _ in pairs], dtype=np.int64)
    weights = np.array([w % 1000 if small else w for _, w in pairs], dtype=np.int64)
    profile = Profile("cumulative", 5, np.array([0, len(items)]), items, weights)
    expected = [0] * 5
    for j, w in zip(items.tolist(), weights.tolist(), strict=True):
        expected[j] += w
    assert profile.scores().tolist() == expected
