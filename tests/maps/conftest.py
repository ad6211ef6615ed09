"""The proposals tests' small district and edition, for the maps."""

from tests.proposals.conftest import edition, people  # noqa: F401 - fixtures
