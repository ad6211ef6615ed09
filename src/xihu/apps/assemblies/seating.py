"""Seating attendees at round tables: pure functions, no database.

Every table needs a host, a recorder and a technical adviser, plus 8-12 residents. Roles are
dealt out first, one per table in turn; residents then go, largest household first, to the
table with the fewest residents that has nobody from their household (if every table has one,
to the emptiest table). The result is balanced: table sizes differ by at most one when no
household forces otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

ROLES = ("host", "recorder", "adviser")


@dataclass(frozen=True)
class Person:
    key: int
    role: str  # host, recorder, adviser or resident
    household: str


@dataclass
class Table:
    number: int
    members: list[Person] = field(default_factory=list)

    @property
    def residents(self) -> list[Person]:
        return [p for p in self.members if p.role == "resident"]

    def has_role(self, role: str) -> bool:
        return any(p.role == role for p in self.members)

    def households(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for person in self.members:
            counts[person.household] += 1
        return counts


def seat(people: list[Person], tables: int) -> list[Table]:
    """Assign every person to one of `tables` tables (numbered from 1)."""
    if tables < 1:
        raise ValueError("an assembly needs at least one table")
    result = [Table(number=n) for n in range(1, tables + 1)]
    for role in ROLES:
        holders = sorted((p for p in people if p.role == role), key=lambda p: p.key)
        for index, person in enumerate(holders):
            result[index % tables].members.append(person)
    residents = [p for p in people if p.role not in ROLES]
    by_household: dict[str, list[Person]] = defaultdict(list)
    for person in residents:
        by_household[person.household].append(person)
    groups = sorted(by_household.values(), key=lambda g: (-len(g), min(p.key for p in g)))
    for group in groups:
        for person in sorted(group, key=lambda p: p.key):
            result_table = min(
                result,
                key=lambda t: (person.household in t.households(), len(t.residents), t.number),
            )
            result_table.members.append(person)
    return result


def warnings(tables: list[Table], low: int, high: int) -> dict[int, list[str]]:
    """What is wrong with each table (an empty list when nothing is)."""
    role_labels = {"host": _("a table host"), "recorder": _("a recorder"),
                   "adviser": _("a technical adviser")}
    spread_possible = _households_could_be_apart(tables)
    found: dict[int, list[str]] = {}
    for table in tables:
        problems = []
        count = len(table.residents)
        if count < low:
            problems.append(_("Only %(n)d residents (at least %(low)d).") % {"n": count, "low": low})
        if count > high:
            problems.append(_("%(n)d residents (at most %(high)d).") % {"n": count, "high": high})
        for role in ROLES:
            if not table.has_role(role):
                problems.append(_("Lacks %(role)s.") % {"role": role_labels[role]})
        shared = sum(1 for n in table.households().values() if n > 1)
        if shared and spread_possible:
            problems.append(_("%(n)d household(s) seated together.") % {"n": shared})
        found[table.number] = problems
    return found


def _households_could_be_apart(tables: list[Table]) -> bool:
    sizes: dict[str, int] = defaultdict(int)
    for table in tables:
        for household, n in table.households().items():
            sizes[household] += n
    return all(n <= len(tables) for n in sizes.values())
