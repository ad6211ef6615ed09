from tests.ledger.conftest import logged  # noqa: F401 - shared fixture
