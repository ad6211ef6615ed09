"""The export's rows that grow with ballots, boxes and sessions, not with papers: ballots,
boxes, seals, results, the count's record, and one pabulib file per ballot."""

import secrets

from xihu.apps.ballots.models import Ballot
from xihu.apps.editions.models import Edition
from xihu.apps.results import counting
from xihu.apps.results.models import Confirmation, CountSession
from xihu.apps.results.selection import TIE_BREAKS, instance_of
from xihu.apps.results.selectors import latest_result
from xihu.apps.results.tallying import Mark, count_marks
from xihu.apps.voting import commitments
from xihu.apps.voting.models import Box, CastBallot, Seal
from xihu.engine import pabulib
from xihu.engine.model import approval_profile

FORMAT = "xihu-export/2"
PB_RULES = {"greedy": "greedy", "greedy-stop": "greedy-no-skip", "mes": "equalshares/add1/greedy"}


def ballot_key(ballot: Ballot) -> str:
    return f"{ballot.unit.code}-{ballot.kind}"


box_key = commitments.box_key


def ballots_of(edition: Edition) -> list[Ballot]:
    return list(Ballot.objects.filter(edition=edition).select_related("unit", "edition")
                .order_by("unit__code", "kind"))


def box_rows(edition: Edition, keys: dict[int, str]) -> tuple[list[dict], dict[int, str]]:
    rows, names = [], {}
    signed = {}
    for session in CountSession.objects.filter(edition=edition):
        for s in session.signoffs.all():
            signed[s.box_id] = s.counted
    communities = counting.communities_to_count(edition)
    for community_id in sorted(communities):
        community = Box.objects.filter(community_id=community_id).first().community
        box_rows, _stations = counting.box_rows(edition, community)
        for row in box_rows:
            key = box_key(row.box)
            names[row.box.pk] = key
            rows.append({
                "box": key, "community": community.code, "station": row.box.station.name,
                "station_kind": row.box.station.kind, "code": row.box.code,
                "counted": row.counted,
                "counted_by_ballot": {keys[b]: n for b, n in row.by_ballot.items() if b in keys},
                "sealed": row.sealed, "registered": row.registered,
                "signed_off_count": signed.get(row.box.pk),
            })
    return rows, names


def seal_rows(edition: Edition, names: dict[int, str]) -> list[dict]:
    return [
        {"box": names.get(s.box_id, ""), "kind": s.kind, "at": s.at.isoformat(),
         "ballots_in_box": s.ballots_in_box, "seal_number": s.seal_number, "intact": s.intact}
        for s in Seal.objects.filter(box__station__edition=edition).order_by("box_id", "at", "pk")
    ]


def result_row(ballot: Ballot, key: str) -> dict:
    result = latest_result(ballot)
    confirmation = Confirmation.objects.filter(ballot=ballot).first()
    row = {"ballot": key, "ballot_id": ballot.pk, "budget": ballot.budget, "counted": result is not None}
    if result is None:
        return row
    tally = result.tally
    row.update({
        "votes": tally["votes"], "ballots": tally["ballots"], "valid": tally["valid"],
        "blank": tally["blank"], "invalid": tally["invalid"],
        "rule": result.allocation["rule"], "tie_break": result.allocation["tie_break"],
        "winners": result.winners, "undecided": result.undecided,
        "total_cost": result.allocation["total_cost"],
        "comparison_rule": result.comparison.get("rule"),
        "comparison_winners": result.comparison.get("winners", []),
        "confirmed": confirmation is not None,
        "confirmed_winners": confirmation.confirmed_winners if confirmation else None,
        "deviates": confirmation.deviates if confirmation else None,
        "deviation_reason": confirmation.reason if confirmation else "",
    })
    return row


def count_record(edition: Edition) -> list[dict]:
    out = []
    for session in CountSession.objects.filter(edition=edition).select_related("community"):
        view = counting.session_view(session, with_counts=False)
        out.append({
            "community": session.community.code, "closed": view.is_closed,
            "members": [{"user": m.user.get_username(), "role": m.role, "independent": m.independent}
                        for m in view.members],
            "typed_totals": [{"scope": counting.typed_scope(t), "typed": t.value,
                              "from_records": t.computed, "matches": t.matches} for t in view.typed],
            "differences": [{"key": d.key, "text": d.text,
                             "explanations": [e.text for e in d.explanations]}
                            for d in view.differences],
        })
    return out


def ballot_def(ballot: Ballot, key: str) -> dict:
    return {
        "key": key, "id": ballot.pk, "unit": ballot.unit.code, "unit_name": ballot.unit.name,
        "unit_name_en": ballot.unit.name_en, "kind": ballot.kind, "budget": ballot.budget,
        "max_choices": ballot.max_choices, "fingerprint": ballot.fingerprint,
        "items": [{"number": i.number, "title": i.title, "amount": i.amount}
                  for i in ballot.items.order_by("number")],
    }


def pabulib_file(edition: Edition, ballot: Ballot, result: dict) -> bytes:
    """One ballot's pabulib file; its papers read from the database and shuffled (memory: one
    ballot's papers, never the edition's)."""
    marks = [Mark(tuple(choices), status, reason or "") for choices, status, reason in
             CastBallot.objects.filter(ballot=ballot).values_list("choices", "status", "invalid_reason")
             .iterator(chunk_size=5000)]
    secrets.SystemRandom().shuffle(marks)
    items = list(ballot.items.order_by("number"))
    instance = instance_of(ballot, items)
    tally, papers = count_marks(ballot, items, marks)
    winners = set(result.get("confirmed_winners") or result.get("winners") or [])
    meta = {
        "description": f"{edition.name} / {ballot.unit.name} / {ballot.get_kind_display()}",
        "country": "China", "unit": ballot.unit.name_en or ballot.unit.name,
        "instance": edition.slug, "vote_type": "approval",
        "rule": PB_RULES.get(edition.selection_rule, edition.selection_rule),
        "max_length": str(ballot.max_choices), "min_project_score_threshold": "1",
        "tie_break": str(TIE_BREAKS[edition.tie_break]), "currency": "CNY",
    }
    election = pabulib.Election(
        meta=meta, instance=instance, profile=approval_profile(instance, papers), tally=tally,
        project_rows=[{"project_id": str(i.number), "name": i.title} for i in items],
        selected={str(i.number): int(i.number in winners) for i in items} if result.get("counted") else None,
    )
    return pabulib.dumps(election).encode()
