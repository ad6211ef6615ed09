"""Collection: door-to-door visits, proposals from every channel, and bulk imports."""

import hashlib
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from xihu.apps.editions.access import require
from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import SocialOrganisation, Unit
from xihu.apps.proposals.models import (
    BuildingAssignment,
    Category,
    Channel,
    CollectorType,
    Household,
    Level,
    Proposal,
    Visit,
    VisitOutcome,
)
from xihu.apps.proposals.permissions import (
    allowed_collector_types,
    collector_organisation,
    is_staff_of,
)
from xihu.apps.proposals.receipts import new_receipt_code, new_receipt_codes
from xihu.apps.proposals.services.projects import singles_create
from xihu.errors import Refused
from xihu.inputs import text_problem

PUBLIC_USERNAME = "public-online"
TITLE_LENGTH = 30


def public_user():
    """The account that enters anonymous online proposals (it cannot log in)."""
    user, created = get_user_model().objects.get_or_create(
        username=PUBLIC_USERNAME, defaults={"display_name": "网上公众提议", "is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def title_from(content: str) -> str:
    first = content.strip().splitlines()[0] if content.strip() else ""
    return first[:TITLE_LENGTH] + ("…" if len(first) > TITLE_LENGTH else "")


def _check_collector_type(actor, community: Unit, collector_type: str) -> None:
    allowed = allowed_collector_types(actor, community)
    if collector_type not in allowed:
        labels = "、".join(str(CollectorType(t).label) for t in allowed) or "–"
        raise Refused(_("You can record this as: %(types)s.") % {"types": labels})


@transaction.atomic
def visit_record(*, edition: Edition, household: Household, outcome: str, collector_type: str,
                 actor, note: str = "", client_id: uuid.UUID | None = None) -> Visit:
    """One door-to-door visit, by a collector of the household's community."""
    require(actor, "collect", household.community, edition)
    if outcome not in VisitOutcome.values:
        raise Refused(_("Unknown visit outcome."))
    _check_collector_type(actor, household.community, collector_type)
    visit = Visit.objects.create(
        edition=edition, household=household, outcome=outcome, collector_type=collector_type,
        collector=actor, organisation=collector_organisation(actor, household.community),
        note=note[:200], client_id=client_id,
    )
    ledger_append(actor=actor, action="visit.record", obj=visit, payload={
        "community": household.community.code, "building": household.building,
        "household": household.household_no, "outcome": outcome, "collector_type": collector_type,
    })
    return visit


CONTENT_LENGTH = 2000  # as the proposal forms


@dataclass(frozen=True)
class ProposalInput:
    content: str
    title: str = ""
    location_text: str = ""
    category: str = Category.OTHER
    level: str = Level.COMMUNITY
    building: str = ""
    proposer_name: str = ""
    proposer_contact: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None

    def text_fields(self) -> list[tuple[str, str, int]]:
        """(label, value, longest allowed) of each text field, as the forms and the model."""
        return [
            (_("Content"), self.content, CONTENT_LENGTH), (_("Title"), self.title, 120),
            (_("Location"), self.location_text, 200), (_("Building"), self.building, 40),
            (_("Proposer's name"), self.proposer_name, 60),
            (_("Proposer's contact"), self.proposer_contact, 80),
        ]

    def errors(self) -> list[str]:
        """Every problem of the input, whatever path it came by (form, import, API, command)."""
        errors = []
        for label, value, limit in self.text_fields():
            problem = text_problem(value or "")
            if problem:
                errors.append(_("%(field)s: %(problem)s.") % {"field": label, "problem": problem})
            elif len((value or "").strip()) > limit:
                errors.append(_("%(field)s: at most %(limit)d characters (this has %(n)d).")
                              % {"field": label, "limit": limit, "n": len(value.strip())})
        if len(self.content.strip()) < 4:
            errors.append(_("Write what the proposal asks for (at least a few characters)."))
        if self.category not in Category.values:
            errors.append(_("Unknown category: %(value)s.") % {"value": self.category})
        if self.level not in Level.values:
            errors.append(_("The level is community or street."))
        if (self.latitude is None) != (self.longitude is None):
            errors.append(_("A map point needs both latitude and longitude."))
        return errors


def _build(edition, community, data: ProposalInput, *, channel, collector_type, collector,
           organisation, visit, code, batch="") -> Proposal:
    return Proposal(
        edition=edition, community=community, receipt_code=code,
        title=(data.title.strip() or title_from(data.content))[:120], content=data.content.strip(),
        location_text=data.location_text.strip()[:200], latitude=data.latitude,
        longitude=data.longitude, category=data.category, level=data.level, channel=channel,
        collector_type=collector_type, collector=collector, organisation=organisation,
        building=(visit.household.building if visit else data.building.strip())[:40], visit=visit,
        proposer_name=data.proposer_name.strip()[:60],
        proposer_contact=data.proposer_contact.strip()[:80], batch=batch,
    )


def _public_payload(proposal: Proposal) -> dict:
    """What the ledger may show of a proposal: never the proposer's name or contact."""
    return {
        "receipt": proposal.receipt_code, "community": proposal.community.code,
        "title": proposal.title, "category": proposal.category, "level": proposal.level,
        "channel": proposal.channel, "collector_type": proposal.collector_type,
    }


def _check_online(actor, community: Unit, edition: Edition) -> None:
    """Residents log in and use `propose`; anonymous members of the public may propose online
    too (docs/proposals.md explains why) but only while collection is open."""
    if actor is not None and actor.is_authenticated:
        require(actor, "propose", community, edition)
    elif edition.stage != Stage.COLLECTION:
        raise Refused(_("Proposals are collected only during the collection stage."))
    if community.kind != Unit.Kind.COMMUNITY:
        raise Refused(_("A proposal belongs to a community."))


@transaction.atomic
def proposal_submit(*, edition: Edition, community: Unit, data: ProposalInput, channel: str,
                    actor, collector_type: str | None = None, visit: Visit | None = None,
                    client_id: uuid.UUID | None = None) -> Proposal:
    """A proposal from any channel; it becomes a single-proposal project at once."""
    if channel == Channel.ONLINE:
        _check_online(actor, community, edition)
        collector_type, collector, organisation = CollectorType.SELF, None, None
    elif channel in (Channel.DOOR, Channel.BOOTH):
        require(actor, "collect", community, edition)
        if visit is not None:
            if visit.household.community_id != community.pk or visit.edition_id != edition.pk:
                raise Refused(_("That visit belongs to another community."))
            collector_type = visit.collector_type
        _check_collector_type(actor, community, collector_type or "")
        collector, organisation = actor, collector_organisation(actor, community)
    else:
        raise Refused(_("Unknown channel."))
    errors = data.errors()
    if errors:
        raise Refused(errors)
    creator = actor if actor is not None and actor.is_authenticated else public_user()
    code = new_receipt_code()
    while Proposal.objects.filter(receipt_code=code).exists():
        code = new_receipt_code()
    proposal = _build(edition, community, data, channel=channel, collector_type=collector_type,
                      collector=collector, organisation=organisation, visit=visit, code=code)
    proposal.client_id = client_id
    proposal.save()
    singles_create([proposal], creator)
    ledger_append(actor=creator if creator.is_active else "public", action="proposal.submit",
                  obj=proposal, payload=_public_payload(proposal))
    return proposal


@transaction.atomic
def building_assign(*, edition: Edition, community: Unit, building: str, collector, actor):
    """Staff assign a building of the register to one of the community's collectors."""
    require(actor, "collect", community, edition)
    if not is_staff_of(actor, community):
        raise Refused(_("Only the community's staff assign buildings."))
    if not allowed_collector_types(collector, community):
        raise Refused(_("%(user)s does not collect for %(unit)s.") % {"user": collector, "unit": community})
    if not Household.objects.filter(community=community, building=building).exists():
        raise Refused(_("The register has no building %(building)s.") % {"building": building})
    assignment, created = BuildingAssignment.objects.get_or_create(
        edition=edition, community=community, building=building, collector=collector,
        defaults={"assigned_by": actor})
    if created:
        ledger_append(actor=actor, action="building.assign", obj=assignment, payload={
            "community": community.code, "building": building, "collector": collector.get_username(),
        })
    return assignment


def _type_label(value: str) -> str:
    return str(CollectorType(value).label) if value in CollectorType.values else value


@dataclass(frozen=True)
class ImportLine:
    """One proposal of a bulk import: the input and how it was collected. `collector` (default:
    the importer) is who collected it on paper; `visit` the door-to-door visit it came from."""

    data: ProposalInput
    channel: str
    collector_type: str
    organisation: SocialOrganisation | None = None
    collector: object | None = None
    visit: Visit | None = None


class _Collectors:
    """Per-import cache: which collector types each collector may record in the community."""

    def __init__(self, community: Unit):
        self.community = community
        self.types: dict[int, list[str]] = {}
        self.organisations: dict[int, SocialOrganisation | None] = {}

    def allowed(self, user) -> list[str]:
        if user.pk not in self.types:
            self.types[user.pk] = allowed_collector_types(user, self.community)
        return self.types[user.pk]

    def organisation(self, user):
        if user.pk not in self.organisations:
            self.organisations[user.pk] = collector_organisation(user, self.community)
        return self.organisations[user.pk]


def _line_errors(line: ImportLine, collectors: _Collectors, actor) -> list[str]:
    errors = list(line.data.errors())
    if line.channel not in (Channel.DOOR, Channel.BOOTH):
        errors.append(_("Imported proposals come from doors or booths."))
    if line.collector is None:  # typed up from paper: the form says who collected
        if line.collector_type not in (CollectorType.STAFF, CollectorType.VOLUNTEER, CollectorType.BOTH):
            errors.append(_("Unknown collector type."))
    elif line.collector_type not in collectors.allowed(line.collector):
        errors.append(_("%(user)s cannot have collected this as %(type)s.")
                      % {"user": line.collector, "type": _type_label(line.collector_type)})
    if line.visit is not None and line.visit.household.community_id != collectors.community.pk:
        errors.append(_("That visit belongs to another community."))
    return errors


@transaction.atomic
def proposals_import(*, edition: Edition, community: Unit, lines: list[ImportLine], actor,
                     batch: str | None = None) -> list[Proposal]:
    """Many proposals at once (paper forms, spreadsheets): one ledger entry with a digest of
    the batch's public fields; refused whole if any line is wrong."""
    require(actor, "collect", community, edition)
    collectors = _Collectors(community)
    errors = []
    for number, line in enumerate(lines, start=1):
        errors.extend(f"#{number}: {e}" for e in _line_errors(line, collectors, actor))
    if errors:
        raise Refused(errors)
    batch = batch or uuid.uuid4().hex[:12]
    codes = new_receipt_codes(len(lines), set())
    clash = set(Proposal.objects.filter(receipt_code__in=codes).values_list("receipt_code", flat=True))
    if clash:
        codes = [c for c in codes if c not in clash] + new_receipt_codes(len(clash), set(codes) | clash)
    built = []
    for line, code in zip(lines, codes, strict=True):
        collector = line.collector or actor
        built.append(_build(
            edition, community, line.data, channel=line.channel, collector_type=line.collector_type,
            collector=collector,
            organisation=line.organisation or (collectors.organisation(line.collector)
                                               if line.collector else None),
            visit=line.visit, code=code, batch=batch))
    proposals = Proposal.objects.bulk_create(built)
    for proposal in proposals:
        proposal.community = community
    singles_create(proposals, actor)
    public_rows = [_public_payload(p) for p in proposals]
    ledger_append(actor=actor, action="proposal.import", obj=community, payload={
        "community": community.code, "batch": batch, "count": len(proposals),
        "first_receipt": proposals[0].receipt_code if proposals else "",
        "digest": hashlib.sha256(json.dumps(public_rows, ensure_ascii=False).encode()).hexdigest(),
    })
    return proposals


@dataclass(frozen=True)
class VisitLine:
    """One visit of a typed-up visit log: the household, the outcome, who went."""

    household: Household
    outcome: str
    collector_type: str
    collector: object


@transaction.atomic
def visits_import(*, edition: Edition, community: Unit, lines: list[VisitLine], actor) -> list[Visit]:
    """A visit log typed up after the rounds: all visits or none, one ledger entry (digest)."""
    require(actor, "collect", community, edition)
    collectors = _Collectors(community)
    errors = []
    for number, line in enumerate(lines, start=1):
        if line.household.community_id != community.pk:
            errors.append(f"#{number}: " + _("That household is not in %(unit)s.") % {"unit": community})
        if line.outcome not in VisitOutcome.values:
            errors.append(f"#{number}: " + _("Unknown visit outcome."))
        if line.collector_type not in collectors.allowed(line.collector):
            errors.append(f"#{number}: " + _("%(user)s cannot have collected this as %(type)s.")
                          % {"user": line.collector, "type": _type_label(line.collector_type)})
    if errors:
        raise Refused(errors)
    visits = Visit.objects.bulk_create([
        Visit(edition=edition, household=line.household, outcome=line.outcome,
              collector_type=line.collector_type, collector=line.collector,
              organisation=collectors.organisation(line.collector))
        for line in lines
    ])
    rows = [[line.household.household_no, line.outcome, line.collector_type,
             line.collector.get_username()] for line in lines]
    ledger_append(actor=actor, action="visit.import", obj=community, payload={
        "community": community.code, "count": len(visits),
        "digest": hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest(),
    })
    return visits
