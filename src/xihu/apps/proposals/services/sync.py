"""Records kept on a phone with no signal, sent when the signal returns (docs/maps-offline.md).

Each record carries the id the phone made for it (a UUID). The first sync creates the visit
and/or proposal with that id; every later sync of the same id (the phone never heard the answer,
or sent twice) returns what the first one made and changes nothing. The database's unique
constraint on client_id settles two syncs of the same record that race."""

import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xihu.apps.editions.access import require
from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Channel, Household, Proposal, Visit, VisitOutcome
from xihu.apps.proposals.permissions import allowed_collector_types
from xihu.apps.proposals.services.collection import ProposalInput, proposal_submit, visit_record
from xihu.errors import Refused


@dataclass(frozen=True)
class OfflineRecord:
    """A visit to a household (with a proposal when its outcome is `proposals`), or, with no
    household, a proposal taken at a booth or a door."""

    client_id: uuid.UUID
    collector_type: str
    household: Household | None = None
    outcome: str = ""
    note: str = ""
    proposal: ProposalInput | None = None
    channel: str = Channel.DOOR


@dataclass(frozen=True)
class Synced:
    created: bool
    visit: Visit | None
    proposal: Proposal | None


def _existing(client_id: uuid.UUID, community: Unit, edition: Edition) -> Synced | None:
    visit = Visit.objects.filter(client_id=client_id).select_related("household").first()
    proposal = Proposal.objects.filter(client_id=client_id).first()
    if visit is None and proposal is None:
        return None
    if (visit and (visit.household.community_id != community.pk or visit.edition_id != edition.pk)) or \
            (proposal and (proposal.community_id != community.pk or proposal.edition_id != edition.pk)):
        raise Refused(_("This record was already sent for another community."))
    if visit is not None and proposal is None:
        proposal = visit.proposals.filter(client_id=client_id).first()
    return Synced(False, visit, proposal)


def _check(record: OfflineRecord, community: Unit) -> None:
    if record.household is None:
        if record.proposal is None:
            raise Refused(_("A record without a household must hold a proposal."))
        if record.channel not in (Channel.DOOR, Channel.BOOTH):
            raise Refused(_("Unknown channel."))
        return
    if record.household.community_id != community.pk:
        raise Refused(_("That household is not in %(unit)s.") % {"unit": community})
    if record.outcome not in VisitOutcome.values:
        raise Refused(_("Unknown visit outcome."))
    if (record.outcome == VisitOutcome.PROPOSALS) != (record.proposal is not None):
        raise Refused(_("A proposal goes with the outcome “visited, proposals given”, and that outcome needs one."))


def _create(edition: Edition, community: Unit, record: OfflineRecord, actor) -> Synced:
    visit = proposal = None
    if record.household is not None:
        visit = visit_record(edition=edition, household=record.household, outcome=record.outcome,
                             collector_type=record.collector_type, actor=actor, note=record.note,
                             client_id=record.client_id)
    if record.proposal is not None:
        proposal = proposal_submit(edition=edition, community=community, data=record.proposal,
                                   channel=Channel.DOOR if visit else record.channel, actor=actor,
                                   collector_type=record.collector_type, visit=visit,
                                   client_id=record.client_id)
    return Synced(True, visit, proposal)


@transaction.atomic
def offline_record_sync(*, edition: Edition, community: Unit, record: OfflineRecord, actor) -> Synced:
    """Create the record once; any later sync of its client id returns the first result, even
    after collection has closed (the phone never heard the first answer: nothing is lost)."""
    found = _existing(record.client_id, community, edition)
    if found is not None:
        if not allowed_collector_types(actor, community):
            raise Refused(_("You do not collect for %(unit)s.") % {"unit": community})
        return found
    require(actor, "collect", community, edition)
    _check(record, community)
    try:
        with transaction.atomic():
            return _create(edition, community, record, actor)
    except IntegrityError:
        # Another request with the same client id committed first: return what it made.
        found = _existing(record.client_id, community, edition)
        if found is None:
            raise
        return found
