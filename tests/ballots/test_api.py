"""The JSON reads (routers mounted by web/api.py): frozen ballots and an assembly's ranking.
Called as functions and validated against their response schemas."""

from tests.ballots.helpers import ranked_world
from xihu.apps.assemblies import api as assemblies_api
from xihu.apps.ballots import api as ballots_api
from xihu.apps.ballots import services as svc


def test_ranking_and_frozen_ballots(world):
    ranked = ranked_world(world)
    ranking = assemblies_api.RankingOut.model_validate(assemblies_api.get_ranking(None, "s1a"))
    assert ranking.ballots == 8 and ranking.rows[0].title == "社区项目01" and ranking.rows[0].rank == 1
    officer = world["users"]["officer_s1"]
    svc.quota_set(project=ranked["projects"][0], amount=20_000, note="估算", actor=officer)
    ballot = svc.ballot_draw(edition=world["edition"], unit=world["units"]["s1a"],
                             project_ids=[ranked["projects"][0].pk], actor=officer)
    assert ballots_api.list_ballots(None) == []
    ballot = svc.ballot_freeze(ballot=ballot, actor=officer)
    listed = [ballots_api.BallotOut.model_validate(b) for b in ballots_api.list_ballots(None)]
    assert [(b.unit, b.kind, b.fingerprint, b.items[0].amount) for b in listed] == [
        ("s1a", "community", ballot.fingerprint, 20_000)]
