"""Ballots are tested on the same world as the assemblies they are drawn from."""

from tests.assemblies.conftest import english, world  # noqa: F401 - shared fixtures
