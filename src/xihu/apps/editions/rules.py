"""django-rules predicates: `user.has_perm("xihu.<action>", unit)` for every action in access.py."""

import rules

from xihu.apps.editions.access import ACTIONS, decide
from xihu.apps.editions.selectors import current_edition


def _predicate(action_name: str):
    @rules.predicate(name=f"can_{action_name}")
    def check(user, unit) -> bool:
        if unit is None:
            return False
        return decide(user, action_name, unit, current_edition(unit.district)).allowed

    return check


for _name in ACTIONS:
    rules.add_perm(f"xihu.{_name}", _predicate(_name))
