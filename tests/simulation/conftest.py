"""A small district for the simulator's tests: the first two communities of each street
(Xiangshan and Xiawan in Guangrunmen), 5% of their residents, 40 proposals each, one round
table each."""

import pytest

from xihu.apps.simulation import params as parameters

SMALL = {
    "district.residents_factor": 0.05,
    "district.communities": 2,
    "collection.proposals": 160,
    "collection.fixed": {},
    "assembly.tables": {"default": 1},
    "assembly.per_table": {"default": 10},
    "assembly.residents_per_table": [9, 11],
    "voting.electronic": 1,
    "voting.burst": {"community": "xiawan", "people": 4, "seconds": 18},
    "voting.seal_extra": {"community": "xiawan", "box": "mobile", "day": 4, "sheets": 3},
}


@pytest.fixture
def small():
    return parameters.load(**SMALL)
