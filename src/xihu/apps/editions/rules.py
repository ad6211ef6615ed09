"""django-rules predicates: `user.has_perm("xihu.<action>", Scope(unit=..., edition=...))` for
every action in access.py.

The edition is always named: a bare Unit is refused rather than checked against whichever edition
happens to be newest (an earlier edition's pages must not be judged by the next one's stage)."""

import rules

from xihu.apps.editions.access import ACTIONS, Scope, decide


def _predicate(action_name: str):
    @rules.predicate(name=f"can_{action_name}")
    def check(user, scope) -> bool:
        if not isinstance(scope, Scope):
            return False
        return decide(user, action_name, scope.unit, scope.edition).allowed

    return check


for _name in ACTIONS:
    rules.add_perm(f"xihu.{_name}", _predicate(_name))
