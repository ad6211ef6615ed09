import pytest

from tests.factories import make_user
from xihu.apps.editions import services
from xihu.apps.editions.stages import COMMUNITY_POWERS, Power


@pytest.fixture
def edition(tree, admin):
    """An edition in set-up where the district granted every power to both streets, and each
    street every delegable power to its communities."""
    edition = services.edition_create(district=tree["d"], name="试点", name_en="Pilot",
                                      slug="pilot", actor=admin)
    for street in ("s1", "s2"):
        officer = make_user("street_officer", tree[street], f"officer_{street}")
        for power in Power.values:
            services.power_grant(edition=edition, grantee=tree[street], power=power, actor=admin)
        for community in ("a", "b"):
            for power in COMMUNITY_POWERS:
                services.power_grant(edition=edition, grantee=tree[street + community],
                                     power=power, actor=officer)
    return edition
