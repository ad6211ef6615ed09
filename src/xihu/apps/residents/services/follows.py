"""Following a proposal or a project, unfollowing, and proposing online as a verified resident
(the proposer follows their own proposal from the start)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.proposals.models import Channel, Project, Proposal
from xihu.apps.proposals.selectors.proposals import proposal_by_receipt
from xihu.apps.proposals.services import proposal_submit
from xihu.apps.proposals.services.collection import ProposalInput
from xihu.apps.residents.models import Follow, ResidentAccount
from xihu.errors import Refused


def _follow(account: ResidentAccount, *, proposal=None, project=None, own=False) -> Follow:
    lookup = {"proposal": proposal} if proposal is not None else {"project": project}
    follow = Follow.objects.filter(account=account, **lookup).first()
    if follow is not None and follow.ended_at is None and not (own and not follow.own):
        return follow
    if follow is None:
        follow = Follow.objects.create(account=account, own=own, **lookup)
    else:
        follow.ended_at, follow.own = None, follow.own or own
        Follow.objects.filter(pk=follow.pk).update(ended_at=None, own=follow.own)
    ledger_append(actor=account.user, action="resident.follow", obj=follow, payload={
        "proposal": proposal.receipt_code if proposal is not None else None,
        "project": project.pk if project is not None else None,
    })
    return follow


@transaction.atomic
def follow_proposal(*, account: ResidentAccount, proposal: Proposal) -> Follow:
    """A verified resident follows any proposal; anyone else needs its receipt code
    (follow_receipt)."""
    if not account.verified:
        raise Refused(_("Verify your account first, or follow a proposal by its receipt code."))
    return _follow(account, proposal=proposal)


@transaction.atomic
def follow_receipt(*, account: ResidentAccount, code: str) -> Follow:
    """Whoever holds a proposal's receipt code may follow it."""
    proposal = proposal_by_receipt(code or "")
    if proposal is None:
        raise Refused(_("No proposal has this receipt code. Check the code on your receipt."))
    return _follow(account, proposal=proposal)


@transaction.atomic
def follow_project(*, account: ResidentAccount, project: Project) -> Follow:
    if not account.verified:
        raise Refused(_("Verify your account first to follow projects."))
    if project.dissolved_at is not None:
        raise Refused(_("This project was merged into another; follow that one."))
    return _follow(account, project=project)


@transaction.atomic
def unfollow(*, follow: Follow, actor=None) -> Follow:
    """Stop the notices of one follow (from the account's page or a notice's signed link)."""
    if follow.ended_at is not None:
        return follow
    follow.ended_at = timezone.now()
    Follow.objects.filter(pk=follow.pk).update(ended_at=follow.ended_at)
    ledger_append(actor=actor or follow.account.user, action="resident.unfollow", obj=follow,
                  payload={})
    return follow


@transaction.atomic
def resident_propose(*, account: ResidentAccount, edition: Edition, data: ProposalInput) -> Proposal:
    """A verified resident's online proposal to their own community, followed from the start."""
    if not account.verified:
        raise Refused(_("Verify your account first to propose online."))
    proposal = proposal_submit(edition=edition, community=account.community, data=data,
                               channel=Channel.ONLINE, actor=account.user)
    _follow(account, proposal=proposal, own=True)
    return proposal
