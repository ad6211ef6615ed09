"""The assemblies may begin only when every summary table is reported to the street as it is."""

from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.editions.preconditions import precondition
from xihu.apps.editions.stages import Stage
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
