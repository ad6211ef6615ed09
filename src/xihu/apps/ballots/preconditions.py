"""Voting cannot open until every unit with live projects has a frozen ballot; once a ballot is
frozen, the edition's most choices per ballot cannot change (it is printed on the ballot)."""

from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot, BallotKind
from xihu.apps.editions.locks import lock
from xihu.apps.editions.models import Edition
from xihu.apps.editions.preconditions import precondition
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Level, Project


@precondition(Stage.VOTING)
def ballots_frozen(edition: Edition) -> list[str]:
    units_with_projects = set(
        Project.objects.live().filter(edition=edition).values_list("unit_id", "level").distinct()
    )
    frozen = set(
        Ballot.objects.filter(edition=edition, frozen_at__isnull=False).values_list("unit_id", "kind")
    )
    reasons = []
    kind_of = {Level.COMMUNITY: BallotKind.COMMUNITY, Level.STREET: BallotKind.STREET}
    units = {u.pk: u for u in Unit.objects.filter(pk__in={u for u, _level in units_with_projects})}
    for unit_id, level in sorted(units_with_projects, key=lambda r: (units[r[0]].code, r[1])):
        kind = kind_of[level]
        if (unit_id, kind) not in frozen:
            reasons.append(_("The %(kind)s of %(unit)s is not frozen yet.")
                           % {"kind": BallotKind(kind).label, "unit": units[unit_id]})
    return reasons


@lock("max_choices")
def max_choices_printed(edition: Edition) -> list[str]:
    frozen = Ballot.objects.filter(edition=edition, frozen_at__isnull=False).count()
    if frozen:
        return [_("%(n)d ballots are already frozen with at most %(k)d choices: the most choices "
                  "can no longer change.") % {"n": frozen, "k": edition.max_choices}]
    return []
