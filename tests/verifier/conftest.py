from tests.results.conftest import counted, edition, english, people, voted  # noqa: F401
