"""Planning and re-planning a stage's dates. Every change is kept in an append-only history
(StagePlanChange); re-planning a stage the edition has already entered needs a written reason,
which the public timeline shows."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions import access
from xihu.apps.editions.locks import reached
from xihu.apps.editions.models import Edition, StagePlan, StagePlanChange
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.services import ledger_append
from xihu.errors import Problems, Refused


def _iso(moment: datetime | None) -> str | None:
    """In the district's time zone, whether it came from the caller or the database."""
    return timezone.localtime(moment).isoformat() if moment else None


@transaction.atomic
def edition_plan_stage(*, edition: Edition, stage: str, starts_at: datetime,
                       ends_at: datetime | None, note: str = "", reason: str = "",
                       actor) -> StagePlan:
    edition = Edition.objects.select_for_update().select_related("district").get(pk=edition.pk)
    access.require(actor, "manage_edition", edition.district, edition)
    if stage not in Stage.values:
        message = _("Stage: unknown stage %(stage)s.") % {"stage": stage}
        raise Refused(message, fields={"stage": [message]})
    note, reason = (note or "").strip(), (reason or "").strip()
    label = Stage(stage).label
    problems = Problems()
    if starts_at is None:
        problems.add("starts_at", _("Starts: this field is required."))
    elif ends_at is not None and ends_at <= starts_at:
        problems.add("ends_at", _("Ends: a stage must end after it starts."))
    if stage == Stage.VOTING and ends_at is None:
        problems.add("ends_at", _("Ends: the voting window needs an end (the close of the polls)."))
    if len(note) > 200:
        problems.add("note", _("Note: at most 200 characters."))
    problems.raise_if_any()
    plan = StagePlan.objects.filter(edition=edition, stage=stage).first()
    dates_change = plan is None or (plan.starts_at, plan.ends_at) != (starts_at, ends_at)
    if plan is not None and not dates_change and plan.note == note:
        raise Refused(_("Nothing to change: %(stage)s is already planned so.") % {"stage": label})
    started = reached(edition, stage)
    if plan is not None and dates_change and started and not reason:
        message = _("Reason: %(stage)s has started, so changing its dates needs a written reason "
                    "(it is shown on the public timeline).") % {"stage": label}
        raise Refused(message, fields={"reason": [message]})
    previous = (plan.starts_at, plan.ends_at) if plan else (None, None)
    if plan is None:
        plan = StagePlan.objects.create(edition=edition, stage=stage, starts_at=starts_at,
                                        ends_at=ends_at, note=note)
    else:
        plan.starts_at, plan.ends_at, plan.note = starts_at, ends_at, note
        plan.save(update_fields=["starts_at", "ends_at", "note"])
    if dates_change:
        StagePlanChange.objects.create(
            edition=edition, stage=stage, previous_starts_at=previous[0],
            previous_ends_at=previous[1], starts_at=starts_at, ends_at=ends_at,
            stage_had_started=started, reason=reason, actor=actor,
        )
    ledger_append(actor=actor, action="edition.plan_stage", obj=edition, payload={
        "edition": edition.slug, "stage": stage, "starts_at": _iso(starts_at),
        "ends_at": _iso(ends_at), "note": note, "previous_starts_at": _iso(previous[0]),
        "previous_ends_at": _iso(previous[1]), "stage_had_started": started, "reason": reason,
    })
    return plan
