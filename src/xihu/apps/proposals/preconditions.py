"""The assemblies may begin only when every summary table is reported to the street as it is,
and when the street has reviewed every exclusion."""

from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.editions.preconditions import precondition
from xihu.apps.editions.stages import Stage
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.selectors.exclusions import exclusions_by_community
from xihu.apps.proposals.selectors.summary import report_states


@precondition(Stage.ASSEMBLY)
def summary_tables_reported(edition: Edition) -> list[str]:
    reasons = []
    for state in report_states(edition):
        if state.report is None:
            reasons.append(_("%(unit)s has not reported its summary table.") % {"unit": state.unit})
        elif not state.current:
            reasons.append(_("%(unit)s changed its summary table after reporting it; report it again.")
                           % {"unit": state.unit})
    return reasons


@precondition(Stage.ASSEMBLY)
def every_exclusion_reviewed(edition: Edition) -> list[str]:
    """The street reviews every exclusion before the edition moves past screening."""
    counts = exclusions_by_community(edition)
    waiting = {pk: open_ for pk, (_n, open_) in counts.items() if open_}
    units = Unit.objects.filter(pk__in=waiting).order_by("code")
    return [_("%(unit)s has %(n)s exclusions the street has not reviewed yet.")
            % {"unit": unit, "n": waiting[unit.pk]} for unit in units]
