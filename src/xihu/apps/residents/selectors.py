"""What the residents' pages read."""

from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import current_edition
from xihu.apps.proposals.selectors.proposals import proposal_by_receipt
from xihu.apps.residents.models import Follow, ResidentAccount
from xihu.apps.results.journey import proposal_journey
from xihu.apps.voting.models import Registration, Shift, Station


def my_proposals(account: ResidentAccount) -> list[dict]:
    """The account's own proposals, newest first, each with its path (results.journey)."""
    out = []
    for follow in Follow.objects.filter(account=account, own=True).select_related("proposal"):
        proposal = proposal_by_receipt(follow.proposal.receipt_code)
        out.append({"proposal": proposal, "journey": proposal_journey(proposal), "follow": follow})
    return out


def follows_of(account: ResidentAccount):
    return (Follow.objects.filter(account=account, ended_at__isnull=True)
            .select_related("proposal", "project"))


def edition_for(account: ResidentAccount) -> Edition | None:
    if account.community is None:
        return None
    return current_edition(account.community.district)


def voting_places(edition: Edition, community) -> list[dict]:
    """The community's stations and mobile boxes with their opening hours (the officers'
    shifts, merged per day)."""
    stations = Station.objects.filter(edition=edition, community=community).order_by("kind", "name")
    hours: dict[int, dict] = {}
    for shift in Shift.objects.filter(station__in=stations).order_by("day", "starts"):
        days = hours.setdefault(shift.station_id, {})
        starts, ends = days.get(shift.day, (shift.starts, shift.ends))
        days[shift.day] = (min(starts, shift.starts), max(ends, shift.ends))
    return [{"station": s, "hours": sorted(hours.get(s.pk, {}).items())} for s in stations]


def has_voted(edition: Edition, account: ResidentAccount) -> dict[str, bool]:
    """Per ballot kind, whether the resident was registered at a desk (so voted) in this
    edition: matched by the register entry's keyed identity hash. Never how they voted."""
    entry = account.register_entry
    if entry is None or not entry.id_key:
        return {}
    kinds = Registration.objects.filter(edition=edition, voter_key=entry.id_key).values_list(
        "ballot_kind", flat=True)
    return dict.fromkeys(kinds, True)
