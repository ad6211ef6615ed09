from tests.results.conftest import counted, edition, english, people, tree, voted  # noqa: F401
