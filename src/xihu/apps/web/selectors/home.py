"""What a logged-in person sees on their home page: their roles, every action they relate to
(a link to where it is done, or why not and from / until when, from the stage plan), and for
those who read everything, links to every page they can read."""

from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role
from xihu.apps.editions.access import ACTIONS, Action, Decision, can_read_everything, decide
from xihu.apps.editions.models import Edition, StagePlan
from xihu.apps.editions.selectors import stage_plans
from xihu.apps.editions.stages import STAGE_ORDER, Stage, next_stage
from xihu.apps.organisation.models import Unit
from xihu.apps.web.links import page_for
from xihu.clock import local_minute


@dataclass(frozen=True)
class ActionRow:
    name: str
    label: str
    unit: Unit
    decision: Decision
    url: str | None = None
    when: str = ""  # from / until when the stage plan allows it ("" where every stage does)


def _targets(role_unit: Unit, level: str, action_name: str) -> list[Unit]:
    if action_name.startswith("grant_"):
        return list(role_unit.children.all())
    return [role_unit] if role_unit.kind == level else []


def stage_window_text(action: Action, edition: Edition, plans: dict[str, StagePlan]) -> str:
    """When the stage plan allows `action`: until when (now), from when (later), or since when
    it is over (earlier). Empty for actions allowed in every stage."""
    if set(action.stages) >= set(STAGE_ORDER):
        return ""
    allowed = sorted(STAGE_ORDER.index(s) for s in action.stages)
    current = STAGE_ORDER.index(edition.stage)
    if current in allowed:
        last = STAGE_ORDER[max(i for i in allowed if i >= current)]
        plan = plans.get(last)
        if plan and plan.ends_at:
            return _("Until %(end)s (planned end of the stage %(stage)s).") % {
                "end": local_minute(plan.ends_at), "stage": Stage(last).label}
        return _("Until the stage %(stage)s ends (no end planned).") % {"stage": Stage(last).label}
    later = [i for i in allowed if i > current]
    if later:
        first = STAGE_ORDER[later[0]]
        plan = plans.get(first)
        if plan:
            return _("From %(start)s (planned start of the stage %(stage)s).") % {
                "start": local_minute(plan.starts_at), "stage": Stage(first).label}
        return _("From the stage %(stage)s (not planned yet).") % {"stage": Stage(first).label}
    last = STAGE_ORDER[allowed[-1]]
    plan = plans.get(last)
    if plan and plan.ends_at:
        return _("Over since %(end)s (the stage %(stage)s has passed).") % {
            "end": local_minute(plan.ends_at), "stage": Stage(last).label}
    return _("Over: the stage %(stage)s has passed.") % {"stage": Stage(last).label}


def _refine(action: Action, unit: Unit, edition: Edition, decision: Decision, now: datetime) -> Decision:
    """What the action table cannot know: there is no stage after the last, and a station
    registers voters only inside the planned voting window (the voting service's own rule)."""
    if not decision.allowed:
        return decision
    if action.name == "advance_stage" and next_stage(edition.stage) is None:
        return Decision(False, [_("The edition is already in its last stage.")])
    if action.name == "run_station":
        from xihu.apps.voting.services.common import window_refusal

        shut = window_refusal(edition, now)
        if shut:
            return Decision(False, [shut])
    return decision


def actions_for(user, edition: Edition | None, now: datetime | None = None) -> list[ActionRow]:
    """Every action the user's roles relate to, each with the decision (and its reasons) now, a
    link where it is allowed, and from / until when the stage plan allows it."""
    now = now or timezone.now()
    plans = stage_plans(edition) if edition else {}
    rows, seen = [], set()
    for assignment in user.roles.select_related("unit__parent").order_by("role"):
        for action in ACTIONS.values():
            if assignment.role not in action.roles:
                continue
            for unit in _targets(assignment.unit, action.level, action.name):
                key = (action.name, unit.pk)
                if key in seen:
                    continue
                seen.add(key)
                decision = decide(user, action.name, unit, edition)
                if edition is None:
                    url = page_for(action.name, None, unit.code) if decision.allowed else None
                    rows.append(ActionRow(action.name, str(action.label), unit, decision, url))
                    continue
                decision = _refine(action, unit, edition, decision, now)
                url = page_for(action.name, edition.slug, unit.code) if decision.allowed else None
                rows.append(ActionRow(action.name, str(action.label), unit, decision, url,
                                      stage_window_text(action, edition, plans)))
    return rows


def role_rows(user) -> list[tuple[str, Unit]]:
    return [(Role(ra.role).label, ra.unit) for ra in user.roles.select_related("unit")]


def home_edition(user) -> Edition | None:
    """The edition a person's home page is about: the current one of their district."""
    from xihu.apps.editions.selectors import current_edition

    if user.is_authenticated:
        assignment = user.roles.select_related("unit__parent__parent").first()
        if assignment is not None:
            found = current_edition(assignment.unit.district)
            if found is not None:
                return found
    return current_edition()


@dataclass
class ReadingRow:
    unit: Unit
    links: list[tuple[str, str]] = field(default_factory=list)


def reading_links(user, edition: Edition | None) -> tuple[list[tuple[str, str]], list[ReadingRow]]:
    """For those who read everything (district admins, experts): the edition's public reports,
    and every unit's pages. ([(label, url)], [ReadingRow])"""
    if not can_read_everything(user):
        return [], []
    if edition is None:  # before any edition there is still the public ledger to read
        return [(_("Public ledger"), reverse("web:ledger"))], []
    e = edition.slug
    reports = [
        (_("Results"), reverse("results:overview", args=[e])),
        (_("Evaluation report"), reverse("results:evaluation", args=[e])),
        (_("Evaluation"), reverse("insights:evaluation", args=[e])),
        (_("Participation"), reverse("insights:analytics", args=[e])),
        (_("Abuse dashboard"), reverse("insights:dashboard", args=[e])),
        (_("Public ledger"), reverse("web:ledger")),
        (_("Open data"), reverse("results:export", args=[e])),
        (_("Live voting figures"), reverse("voting:public", args=[e])),
        (_("Empowerment: who holds which power"), reverse("web:powers", args=[e])),
    ]
    rows = []
    for street in Unit.objects.filter(parent=edition.district).order_by("code"):
        for unit in [street, *street.children.order_by("code")]:
            row = ReadingRow(unit, [(_("Unit page"), reverse("web:unit", args=[unit.code])),
                                    (_("Results"), reverse("results:unit", args=[e, unit.code])),
                                    (_("Summary table"), reverse("proposals:summary", args=[e, unit.code]))])
            if unit.kind == Unit.Kind.COMMUNITY:
                row.links += [(_("Screening"), reverse("proposals:screen", args=[e, unit.code])),
                              (_("Assembly"), reverse("assemblies:unit", args=[e, unit.code])),
                              (_("Count"), reverse("results:count", args=[e, unit.code]))]
            else:
                row.links += [(_("Review of exclusions"), reverse("proposals:review", args=[e, unit.code])),
                              (_("Quotas and ballots"), reverse("ballots:street", args=[e, unit.code]))]
            rows.append(row)
    return reports, rows
