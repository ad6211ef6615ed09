"""Before a count trusts the records: each ballot's items still match the fingerprint its
freeze recorded in the public log, and each box still holds what its seals committed to there
(xihu.apps.voting.commitments). A breach is not a difference that an explanation settles: the
count refuses to close over it."""

from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot
from xihu.apps.ballots.services import ballot_fingerprint
from xihu.apps.ledger.models import LedgerEntry


def ballot_problems(ballot: Ballot) -> list[str]:
    now = ballot_fingerprint(ballot)
    freeze = (LedgerEntry.objects.filter(action="ballots.freeze", object_type="ballots.ballot",
                                         object_id=str(ballot.pk)).order_by("pk").last())
    problems = []
    if now != ballot.fingerprint:
        problems.append(_("%(ballot)s: its projects and amounts no longer match its frozen "
                          "fingerprint: the ballot was changed after it was frozen.") % {"ballot": ballot})
    if freeze is None:
        problems.append(_("%(ballot)s: the public log holds no freeze of this ballot.") % {"ballot": ballot})
    elif (freeze.payload or {}).get("fingerprint") != now:
        problems.append(_("%(ballot)s: its projects and amounts are not those recorded in the public "
                          "log when it was frozen.") % {"ballot": ballot})
    return problems
