"""Seating: balanced tables, roles dealt out, households apart where possible, warnings."""

from hypothesis import given, settings
from hypothesis import strategies as st

from xihu.apps.assemblies.seating import Person, seat, warnings


def _people(roles_per_table: int, tables: int, residents: int, households: int) -> list[Person]:
    people, key = [], 0
    for role in ("host", "recorder", "adviser"):
        for _ in range(roles_per_table * tables):
            key += 1
            people.append(Person(key, role, f"r{key}"))
    for i in range(residents):
        key += 1
        people.append(Person(key, "resident", f"h{i % households}"))
    return people


def test_sixty_residents_at_six_tables_are_balanced_and_complete():
    tables = seat(_people(1, 6, 60, 60), 6)
    assert [len(t.residents) for t in tables] == [10] * 6
    assert all(t.has_role(r) for t in tables for r in ("host", "recorder", "adviser"))
    assert all(w == [] for w in warnings(tables, 8, 12).values())


def test_too_few_and_too_many_residents_are_warned():
    few = warnings(seat(_people(1, 2, 10, 10), 2), 8, 12)
    assert all("Only 5 residents" in w[0] for w in few.values())
    many = warnings(seat(_people(1, 1, 13, 13), 1), 8, 12)
    assert "13 residents (at most 12)." in many[1]


def test_a_table_without_roles_is_warned():
    found = warnings(seat(_people(0, 2, 16, 16), 2), 8, 12)
    assert found[1] == ["Lacks a table host.", "Lacks a recorder.", "Lacks a technical adviser."]


def test_household_members_sit_apart_when_possible():
    people = _people(1, 3, 24, 8)  # 8 households of 3, 3 tables
    tables = seat(people, 3)
    for table in tables:
        assert all(n == 1 for h, n in table.households().items() if h.startswith("h"))
    assert all(w == [] for w in warnings(tables, 8, 12).values())


def test_a_household_larger_than_the_tables_is_not_warned_about():
    people = _people(1, 2, 16, 5)  # households of 3-4 at 2 tables: cannot be kept apart
    assert all(w == [] for w in warnings(seat(people, 2), 8, 12).values())


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(0, 150), st.integers(1, 150), st.integers(0, 2))
def test_everyone_is_seated_once_and_tables_differ_by_at_most_one(tables, residents, households, roles):
    people = _people(roles, tables, residents, households)
    result = seat(people, tables)
    seated = [p.key for t in result for p in t.members]
    assert sorted(seated) == sorted(p.key for p in people)
    sizes = [len(t.residents) for t in result]
    if residents <= households:  # everyone from a different household: perfectly balanced
        assert max(sizes) - min(sizes) <= 1
    for role in ("host", "recorder", "adviser"):
        counts = [sum(p.role == role for p in t.members) for t in result]
        assert max(counts) - min(counts) <= 1
