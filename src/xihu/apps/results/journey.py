"""A proposal's journey, for its receipt page: from the proposal to its project, the assembly, the
ballot, the votes, the result and the implementation. Each step is shown when it exists and says
"not yet" otherwise (or that the proposal goes no further, once excluded). A few queries per
receipt, whatever the size of the edition."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.assemblies.models import AssemblyItem
from xihu.apps.ballots.models import BallotItem
from xihu.apps.proposals.models import Project, Proposal
from xihu.apps.proposals.selectors.proposals import is_excluded
from xihu.apps.results.models import Confirmation, ImplementationUpdate, SelectionResult
from xihu.apps.web.templatetags.humanize_cn import yuan


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    reached: bool
    text: str
    url: str = ""


def _day(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}"


def _pending(excluded: bool) -> str:
    return _("Goes no further: the proposal was excluded.") if excluded else _("Not yet.")


def proposal_journey(proposal: Proposal) -> list[Step]:
    """`proposal` as proposal_by_receipt() returns it (with `state` and `live_project_id`)."""
    edition = proposal.edition.slug
    excluded = is_excluded(proposal.state)
    steps = [Step("proposal", _("Proposal"), True,
                  _("Received on %(day)s (%(channel)s).") % {
                      "day": _day(proposal.created_at), "channel": proposal.get_channel_display()})]
    project = Project.objects.filter(pk=proposal.live_project_id).first() if proposal.live_project_id else None
    if project is None:
        steps.append(Step("project", _("Project"), False, _pending(excluded)))
        return steps + [Step(key, label, False, _pending(excluded)) for key, label in _later()]
    merged = project.mode != "single"
    steps.append(Step("project", _("Project"), True,
                      (_("Merged into project #%(id)s “%(title)s”.") if merged
                       else _("Listed as project #%(id)s “%(title)s”.")) % {"id": project.pk, "title": project.title},
                      reverse("proposals:project", args=[edition, project.pk])))
    line = AssemblyItem.objects.filter(project=project).select_related("assembly__unit").first()
    steps.append(Step("assembly", _("Assembly"), line is not None,
                      _("Number %(n)s on the list of the assembly of %(unit)s on %(day)s.") % {
                          "n": line.number, "unit": line.assembly.unit,
                          "day": _day(line.assembly.starts_at)} if line else _pending(False),
                      reverse("assemblies:ranking", args=[edition, line.assembly.unit.code]) if line else ""))
    item = (BallotItem.objects.filter(project=project, ballot__frozen_at__isnull=False)
            .select_related("ballot__unit").first())
    if item is None:
        return steps + [Step(key, label, False, _pending(False)) for key, label in _later()[1:]]
    ballot = item.ballot
    steps.append(Step("ballot", _("Ballot"), True,
                      _("Number %(n)s on the %(kind)s of %(unit)s, at %(amount)s.") % {
                          "n": item.number, "kind": ballot.get_kind_display(), "unit": ballot.unit,
                          "amount": yuan(item.amount)},
                      reverse("ballots:ballot", args=[edition, ballot.pk])))
    result = SelectionResult.objects.filter(ballot=ballot).order_by("-computed_at", "-pk").first()
    results_url = reverse("results:unit", args=[edition, ballot.unit.code])
    if result is None:
        return steps + [Step(key, label, False, _pending(False)) for key, label in _later()[2:]]
    votes = result.tally["votes"].get(str(item.number), 0)
    steps.append(Step("votes", _("Votes"), True,
                      _("%(votes)s votes of %(valid)s valid ballots.") % {
                          "votes": votes, "valid": result.tally.get("valid", 0)}, results_url))
    confirmation = Confirmation.objects.filter(ballot=ballot).first()
    if confirmation is None:
        text = (_("Computed as a winner; the street has not confirmed it yet.") if item.number in result.winners
                else _("Not among the computed winners; the street has not confirmed the result yet."))
        return steps + [Step("result", _("Result"), False, text, results_url),
                        Step("implementation", _("Implementation"), False, _pending(False))]
    funded = item.number in confirmation.confirmed_winners
    steps.append(Step("result", _("Result"), True,
                      _("Funded: confirmed by the street.") if funded else _("Not funded."), results_url))
    if not funded:
        return steps + [Step("implementation", _("Implementation"), False,
                             _("Goes no further: the project was not funded."))]
    update = ImplementationUpdate.objects.filter(item=item).order_by("-at", "-pk").first()
    item_url = reverse("results:item", args=[edition, item.pk])
    steps.append(Step("implementation", _("Implementation"), update is not None,
                      _("%(status)s (updated %(day)s).") % {"status": update.get_status_display(),
                                                            "day": _day(update.at)}
                      if update else _("Not started yet."), item_url))
    return steps


def _later() -> list[tuple[str, str]]:
    """The steps after the project, translated when read."""
    return [("assembly", _("Assembly")), ("ballot", _("Ballot")), ("votes", _("Votes")),
            ("result", _("Result")), ("implementation", _("Implementation"))]
