"""Reading and writing pabulib files, validity from META, and error reporting."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.engine import pabulib
from xihu.engine.model import Instance, Profile, Project
from xihu.engine.pabulib import Election, PabulibError, cut
from xihu.engine.tally import make_tally, tally_approval

APPROVAL = """META
key;value
description;"Test; with a semicolon"
budget;400000.0
vote_type;approval
rule;greedy
max_length;2
PROJECTS
project_id;cost;votes;name;selected
p1;100000;2;"Park ""Green"";east";1
p2;300000;2;Library;1
p3;250000;1;Pool;0
VOTES
voter_id;vote;age
1;p1,p2;30
2;p2;41
3;;50
4;p1,p2,p3;20
5;p9;33
6;p3,p3;33
7;p3,p1;40
"""


def test_reads_approval_with_quotes_bom_crlf(write_pb) -> None:
    data = b"\xef\xbb\xbf" + APPROVAL.replace("\n", "\r\n").encode("utf-8")
    e = pabulib.read(write_pb(data))
    assert e.instance.budget == 400000 and isinstance(e.instance.budget, int)
    assert e.instance.projects[0].name == 'Park "Green";east'
    assert e.meta["description"] == "Test; with a semicolon"
    assert e.winners == ("p1", "p2")
    t = e.tally
    assert t.votes == {"p1": 2, "p2": 2, "p3": 1}
    assert (t.valid, t.blank) == (3, 1)
    assert t.invalid == {"over_vote": 1, "unknown_project": 1, "repeated_project": 1}
    t.check()
    assert e.profile.n_ballots == 4  # valid and blank ballots are voters
    assert e.profile.ballot(3) == [(2, 1), (0, 1)]


def test_fast_and_csv_paths_agree(write_pb) -> None:
    quoted = APPROVAL.replace("3;;50", '3;"";50')  # a quote in VOTES forces the csv path
    fast = pabulib.read(write_pb(APPROVAL, "fast.pb"))
    slow = pabulib.read(write_pb(quoted, "slow.pb"))
    assert fast.tally == slow.tally
    assert np.array_equal(fast.profile.items, slow.profile.items)
    assert np.array_equal(fast.profile.indptr, slow.profile.indptr)


def test_decimal_budget_is_exact(write_pb) -> None:
    e = pabulib.read(write_pb(APPROVAL.replace("budget;400000.0", "budget;446829.4")))
    assert e.instance.budget == Fraction(4468294, 10)


CUMULATIVE = """META
key;value
budget;10
vote_type;cumulative
rule;greedy-threshold
max_sum_points;3
min_project_score_threshold;2
PROJECTS
project_id;cost;votes;score;name;selected
x;5;2;4;X;1
y;5;2;2;Y;1
z;1;1;1;Z;0
VOTES
voter_id;vote;points
1;x,y;2,1
2;x,y,z;1,1,1
3;x;4
"""


def test_cumulative_points_and_limits(write_pb) -> None:
    e = pabulib.read(write_pb(CUMULATIVE))
    assert e.profile.scores().tolist() == [3, 2, 1]
    assert e.tally.invalid == {"over_max_points": 1}
    from xihu.engine import replay
    result = replay.check(e)
    assert result.plan.options == {"min_score": 2}
    assert result.allocation.selected == ("x", "y")  # z is below the threshold
    assert result.reproduced


def test_ordinal_scores_max_length_minus_position(write_pb) -> None:
    text = """META
key;value
budget;10
vote_type;ordinal
max_length;3
PROJECTS
project_id;cost
a;1
b;1
c;1
VOTES
voter_id;vote
1;a,b,c
2;c,a
"""
    e = pabulib.read(write_pb(text))
    assert e.profile.scores().tolist() == [3 + 2, 2, 1 + 3]


@pytest.mark.parametrize(("text", "line", "fragment"), [
    (APPROVAL.replace("budget;400000.0", "budget;lots"), 4, "budget"),
    (APPROVAL.replace("p2;300000;2;Library;1", "p2;3x;2;Library;1"), 11, "cost"),
    (APPROVAL.replace("2;p2;41", "2;p2"), 16, "fields"),
    (APPROVAL.replace("p3;250000;1;Pool;0", "p1;250000;1;Pool;0"), 12, "twice"),
    (APPROVAL.replace("VOTES\nvoter_id;vote;age", "VOTES\nvoter_id;ballot;age"), 14,
     "'vote' column"),
    (APPROVAL.replace("PROJECTS\n", "PROJEKTY\n"), 8, "META row needs a key"),
    (APPROVAL.split("VOTES")[0], 12, "missing section VOTES"),
    (CUMULATIVE.replace("3;x;4", "3;x;four"), 17, "not an integer"),
    (CUMULATIVE.replace("3;x;4", "3;x,y;4"), 17, "different lengths"),
])
def test_errors_name_the_line(write_pb, text: str, line: int, fragment: str) -> None:
    path = write_pb(text)
    with pytest.raises(PabulibError) as info:
        pabulib.read(path)
    assert info.value.line == line, str(info.value)
    assert fragment in info.value.message
    assert str(info.value).startswith(f"{path}:{line}:" if line else f"{path}:")


def test_unreadable_file_is_a_pabulib_error(tmp_path) -> None:
    with pytest.raises(PabulibError, match="cannot read"):
        pabulib.read(tmp_path / "missing.pb")


def test_write_then_read_round_trip(tmp_path, write_pb) -> None:
    e = pabulib.read(write_pb(CUMULATIVE))
    out = tmp_path / "out.pb"
    pabulib.write(out, e)
    again = pabulib.read(out)
    assert again.instance == e.instance
    assert again.winners == e.winners
    assert np.array_equal(again.profile.items, e.profile.items)
    assert np.array_equal(again.profile.weights, e.profile.weights)
    assert again.tally.invalid_total == 0  # only counted ballots are written


ids = st.sampled_from(["1", "2", "3", "10", "A;B", "x y"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(ids, max_size=4, unique=True), max_size=30),
       st.lists(st.integers(0, 10**9), min_size=6, max_size=6))
def test_round_trip_matches_reference_tally(tmp_path_factory, ballots, costs) -> None:
    names = ["1", "2", "3", "10", "A;B", "x y"]
    instance = Instance(tuple(Project(n, c, f"name {n}") for n, c in zip(names, costs,
                                                                          strict=True)), 10**9)
    profile = Profile.from_lists("approval", 6, ([names.index(x) for x in b] for b in ballots))
    reference = tally_approval(ballots, names, 6)
    e = Election({"budget": str(10**9), "vote_type": "approval", "max_length": "6"}, instance,
                 profile, make_tally(names, reference.votes, 6, valid=0, blank=0, invalid={}))
    path = tmp_path_factory.mktemp("rt") / "e.pb"
    pabulib.write(path, e)
    again = pabulib.read(path)
    assert again.instance == instance
    assert again.tally == reference


# -- the numpy VOTES reader against the one-ballot-at-a-time reference ----------------------
READER_IDS = ["1", "2", "10", "L005", "abcdefghij", "BO.OM.178/24", "x" * 20]
vote_token = st.sampled_from(READER_IDS + ["9", "L00", "abcdefghijk", ""])


def _votes_file(ballots: list[list[str]], k: int, vote_col: int, quoted: bool,
                final_newline: bool, ids: list[str] = READER_IDS) -> str:
    header = ["voter_id", "age", "sex"]
    header.insert(vote_col, "vote")
    rows = []
    for i, ballot in enumerate(ballots):
        cells = [str(i + 1), '"4,2"' if quoted else "42", "F"]
        cells.insert(vote_col, ",".join(ballot))
        rows.append(";".join(cells))
    projects = "\n".join(f"{pid};{10 + j};P{j}" for j, pid in enumerate(ids))
    text = (f"META\nkey;value\nbudget;100\nvote_type;approval\nmax_length;{k}\n"
            f"PROJECTS\nproject_id;cost;name\n{projects}\nVOTES\n{';'.join(header)}\n"
            + "\n".join(rows))
    return text + "\n" if final_newline else text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(vote_token, max_size=7), max_size=25), st.integers(1, 5),
       st.integers(0, 3), st.booleans(), st.booleans())
def test_votes_reader_matches_reference_tally(tmp_path_factory, ballots, k, vote_col, quoted,
                                              final_newline) -> None:
    """Fast (numpy) and csv readers give the tally of :func:`tally_approval` and a profile of
    exactly the valid and blank ballots, for ids of 1-20 bytes, unknown and repeated ids,
    over-votes, blank ballots and the vote in any column; an empty id is a format error."""
    path = tmp_path_factory.mktemp("votes") / "e.pb"
    path.write_text(_votes_file(ballots, k, vote_col, quoted, final_newline), encoding="utf-8")
    if any("" in b and b != [""] for b in ballots):  # "a,", ",a", ","
        with pytest.raises(PabulibError, match="empty project id"):
            pabulib.read(path)
        return
    as_lists = [[] if b == [""] else b for b in ballots]  # an empty field is a blank ballot
    e = pabulib.read(path)
    reference = tally_approval(as_lists, READER_IDS, k)
    assert e.tally == reference
    counted = [b for b in as_lists if not b or tally_approval([b], READER_IDS, k).valid]
    assert e.profile.n_ballots == len(counted)
    for i, b in enumerate(counted):
        assert [READER_IDS[j] for j, _ in e.profile.ballot(i)] == b


def test_votes_reader_on_many_ballots(tmp_path) -> None:
    """Hundreds of ballots (the repeated-id check numbers ballots modulo 16 and counts them in
    8 bits), with repeated ids at every distance."""
    import random

    rng = random.Random(7)
    ballots = [[rng.choice(READER_IDS[:4] + ["9"]) for _ in range(rng.randint(0, 6))]
               for _ in range(1500)]
    path = tmp_path / "many.pb"
    path.write_text(_votes_file(ballots, 5, 1, False, True), encoding="utf-8")
    e = pabulib.read(path)
    assert e.tally == tally_approval(ballots, READER_IDS, 5)
    assert e.tally.invalid["repeated_project"] > 100


FIXED_IDS = ["L005", "L007", "L010", "A123"]  # one width: the reader's fixed-width path
fixed_token = st.sampled_from(FIXED_IDS + ["L00", "L0055", "Q999", "L0,5", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(fixed_token, max_size=6), max_size=25), st.integers(1, 5),
       st.integers(0, 3), st.booleans(), st.booleans())
def test_votes_reader_fixed_width_ids(tmp_path_factory, ballots, k, vote_col, comma_elsewhere,
                                      final_newline) -> None:
    """When every project id has the same length the reader places tokens arithmetically; it
    must agree with the reference even for tokens of other lengths, ids containing a comma and
    commas in other columns (which send it back to the general path)."""
    text = _votes_file(ballots, k, vote_col, False, final_newline, FIXED_IDS)
    if comma_elsewhere:
        text = text.replace(";F", ";F,G")
    path = tmp_path_factory.mktemp("fixed") / "e.pb"
    path.write_text(text, encoding="utf-8")
    tokens = [",".join(b).split(",") if b else [] for b in ballots]  # as a reader cuts them
    if any("" in t for t in tokens if t != [""]):
        with pytest.raises(PabulibError, match="empty project id"):
            pabulib.read(path)
        return
    as_lists = [[] if t == [""] else t for t in tokens]
    e = pabulib.read(path)
    assert e.tally == tally_approval(as_lists, FIXED_IDS, k)
    counted = [b for b in as_lists if not b or tally_approval([b], FIXED_IDS, k).valid]
    assert e.profile.n_ballots == len(counted)
    for i, b in enumerate(counted):
        assert [FIXED_IDS[j] for j, _ in e.profile.ballot(i)] == b


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(vote_token, max_size=7), max_size=40), st.integers(1, 5),
       st.integers(0, 3), st.booleans(), st.integers(1, 80))
def test_votes_reader_in_chunks(tmp_path_factory, ballots, k, vote_col, final_newline,
                                chunk) -> None:
    """The numpy reader cuts the VOTES rows in chunks of whole rows; with tiny chunks (a row or a
    few per chunk) it must still give the tally of :func:`tally_approval` and the same profile."""
    path = tmp_path_factory.mktemp("chunks") / "e.pb"
    path.write_text(_votes_file(ballots, k, vote_col, False, final_newline), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cut, "_CHUNK", chunk)
        if any("" in b and b != [""] for b in ballots):
            with pytest.raises(PabulibError, match="empty project id"):
                pabulib.read(path)
            return
        e = pabulib.read(path)
    as_lists = [[] if b == [""] else b for b in ballots]
    assert e.tally == tally_approval(as_lists, READER_IDS, k)
    counted = [b for b in as_lists if not b or tally_approval([b], READER_IDS, k).valid]
    assert e.profile.n_ballots == len(counted)
    for i, b in enumerate(counted):
        assert [READER_IDS[j] for j, _ in e.profile.ballot(i)] == b
