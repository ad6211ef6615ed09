"""Writing pabulib files: :func:`write` and :func:`dumps`."""

from __future__ import annotations

import csv
import io
from fractions import Fraction
from pathlib import Path

from xihu.engine.pabulib.election import Election


def write(path: str | Path, election: Election) -> None:
    """Write ``election`` as a ``.pb`` file (UTF-8, LF line ends, minimal CSV quoting).

    PROJECTS gets ``votes`` (and ``score`` for non-approval ballots) recomputed from the profile;
    other project columns are kept. VOTES holds the counted (valid and blank) ballots, numbered
    from 1, with ``points`` for cumulative and scoring ballots.
    """
    Path(path).write_text(dumps(election), encoding="utf-8")


def dumps(election: Election) -> str:
    """The ``.pb`` text of ``election`` (see :func:`write`)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n")
    instance, profile = election.instance, election.profile
    meta = dict(election.meta)
    meta["budget"] = _money_text(instance.budget)
    meta["num_projects"] = str(len(instance))
    meta["num_votes"] = str(profile.n_ballots)
    meta.setdefault("vote_type", profile.kind)
    out.write("META\n")
    w.writerow(["key", "value"])
    for key, value in meta.items():
        w.writerow([key, value])
    out.write("PROJECTS\n")
    computed = ["project_id", "cost", "votes"]
    if profile.kind != "approval":
        computed.append("score")
    extra = [k for r in election.project_rows[:1] for k in r if k not in computed]
    for k in ("name", "selected"):
        if k not in extra:
            extra.append(k)
    w.writerow(computed + extra)
    approvals, scores = profile.approvals().tolist(), profile.scores().tolist()
    rows = {r.get("project_id"): r for r in election.project_rows}
    for j, p in enumerate(instance.projects):
        row = dict(rows.get(p.id, {}))
        row["name"] = p.name or row.get("name", "")
        if election.selected is not None:
            row["selected"] = str(election.selected.get(p.id, 0))
        values = [p.id, _money_text(p.cost), str(approvals[j])]
        if profile.kind != "approval":
            values.append(str(scores[j]))
        w.writerow(values + [row.get(k, "") for k in extra])
    out.write("VOTES\n")
    weighted = profile.kind in ("cumulative", "scoring")
    w.writerow(["voter_id", "vote", "points"] if weighted else ["voter_id", "vote"])
    ids = instance.ids
    for b in range(profile.n_ballots):
        pairs = profile.ballot(b)
        row = [str(b + 1), ",".join(ids[j] for j, _ in pairs)]
        if weighted:
            row.append(",".join(str(x) for _, x in pairs))
        w.writerow(row)
    return out.getvalue()


def _money_text(value: int | Fraction) -> str:
    if isinstance(value, int) or value.denominator == 1:
        return str(int(value))
    text = f"{float(value)}"
    if Fraction(text) != value:  # not a short decimal: write it exactly
        return f"{value.numerator}/{value.denominator}"
    return text

