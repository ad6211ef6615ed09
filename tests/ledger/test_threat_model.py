"""The threat model (docs/threat-model.md and .zh.md) names a test for every line: each named
test exists, and both languages name the same tests."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAMED = re.compile(r"(tests/[\w/]+\.py)::(\w+)")


def named(doc: str) -> set[tuple[str, str]]:
    return set(NAMED.findall((ROOT / "docs" / doc).read_text(encoding="utf-8")))


def test_every_test_the_threat_model_names_exists_in_both_languages():
    english, chinese = named("threat-model.md"), named("threat-model.zh.md")
    assert len(english) > 30 and english == chinese
    for path, name in sorted(english):
        assert re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"), re.M), f"{path}::{name}"
