"""An edition in counting with papers, boxes, seals, an open count session and a proposal: the
state of tests/results, plus people of every role."""

import pytest

from tests.factories import make_user
from tests.results.conftest import edition, people, voted  # noqa: F401
from xihu.apps.editions.models import Edition
from xihu.apps.proposals.services import proposal_submit
from xihu.apps.proposals.services.collection import ProposalInput
from xihu.apps.results import services


@pytest.fixture
def site(tree, people, edition, voted):  # noqa: F811
    Edition.objects.filter(pk=edition.pk).update(stage="collection")
    edition.refresh_from_db()
    proposal_submit(edition=edition, community=tree["s1a"], channel="online", actor=None,
                    data=ProposalInput(content="三栋楼道灯不亮，请修缮", location_text="3栋"))
    Edition.objects.filter(pk=edition.pk).update(stage="counting")
    edition.refresh_from_db()
    services.count_session_open(edition=edition, community=tree["s1a"], counters=[people["counter"]],
                                scrutineers=[people["scrutineer"]], actor=people["counter"])
    extra = {
        "resident": make_user("resident", tree["s1a"], "resident_a"),
        "station_officer": make_user("station_officer", tree["s1a"], "station_a"),
        "volunteer": make_user("volunteer", tree["s1a"], "volunteer_a"),
    }
    return {"edition": edition, "people": {**people, **extra}, "tree": tree, "voted": voted}
