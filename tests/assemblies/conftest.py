import pytest
from django.utils import translation

from tests.assemblies.helpers import build_world, set_stage


@pytest.fixture(autouse=True)
def english():
    """Refusal messages are matched in English (Chinese is the site's default)."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db):
    world = build_world()
    set_stage(world["edition"], "assembly")
    return world
