"""The edition fixture of tests/editions (a pilot in set-up with every power granted)."""

from tests.editions.conftest import edition  # noqa: F401
