"""Stage guards: counting cannot end with a session open or a community uncounted, and
confirmation cannot end while any ballot's result is unconfirmed."""

from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot
from xihu.apps.editions.models import Edition
from xihu.apps.editions.preconditions import precondition
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.results import counting
from xihu.apps.results.models import Confirmation, CountSession, SelectionResult


@precondition(Stage.CONFIRMATION)
def counts_closed(edition: Edition) -> list[str]:
    reasons = [
        _("The count session of %(unit)s is still open.") % {"unit": s.community}
        for s in CountSession.objects.filter(edition=edition, close__isnull=True)
        .select_related("community")
    ]
    missing = counting.communities_to_count(edition) - counting.communities_counted(edition)
    reasons += [
        _("%(unit)s has ballot boxes but no closed count session.") % {"unit": unit}
        for unit in Unit.objects.filter(pk__in=missing).order_by("code")
    ]
    return reasons


@precondition(Stage.PUBLISHED)
def results_confirmed(edition: Edition) -> list[str]:
    confirmed = set(Confirmation.objects.filter(ballot__edition=edition)
                    .values_list("ballot_id", flat=True))
    computed = set(SelectionResult.objects.filter(ballot__edition=edition)
                   .values_list("ballot_id", flat=True))
    reasons = []
    for ballot in Ballot.objects.filter(edition=edition, pk__in=computed).select_related("unit"):
        if ballot.pk not in confirmed:
            reasons.append(_("The street has not yet confirmed the result of %(ballot)s.")
                           % {"ballot": ballot})
    return reasons
