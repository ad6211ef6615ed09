"""What a logged-in person sees on their home page: their roles and what each allows now."""

from dataclasses import dataclass

from xihu.apps.accounts.models import Role
from xihu.apps.editions.access import ACTIONS, Decision, decide
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.web.links import page_for


@dataclass(frozen=True)
class ActionRow:
    name: str
    label: str
    unit: Unit
    decision: Decision
    url: str | None = None


def _targets(role_unit: Unit, level: str, action_name: str) -> list[Unit]:
    if action_name.startswith("grant_"):
        return list(role_unit.children.all())
    return [role_unit] if role_unit.kind == level else []


def actions_for(user, edition: Edition | None) -> list[ActionRow]:
    """Every action the user's roles relate to, each with the decision (and its reasons) now."""
    rows, seen = [], set()
    for assignment in user.roles.select_related("unit__parent").order_by("role"):
        for action in ACTIONS.values():
            if assignment.role not in action.roles:
                continue
            for unit in _targets(assignment.unit, action.level, action.name):
                key = (action.name, unit.pk)
                if key in seen:
                    continue
                seen.add(key)
                decision = decide(user, action.name, unit, edition)
                url = page_for(action.name, edition.slug, unit.code) if decision.allowed else None
                rows.append(ActionRow(action.name, str(action.label), unit, decision, url))
    return rows


def role_rows(user) -> list[tuple[str, Unit]]:
    return [(Role(ra.role).label, ra.unit) for ra in user.roles.select_related("unit")]
