"""The demo step does nothing without the ballots step's frozen ballots."""

import pytest

from xihu.apps.accounts.models import User
from xihu.apps.voting.demo import load_demo_data
from xihu.apps.voting.models import Registration, Station

pytestmark = pytest.mark.django_db


def test_without_frozen_ballots_the_voting_step_does_nothing(demo):
    load_demo_data(edition=demo, users={u.username: u for u in User.objects.all()})
    assert not Station.objects.exists() and not Registration.objects.exists()
    demo.refresh_from_db()
    assert demo.stage == "collection"
