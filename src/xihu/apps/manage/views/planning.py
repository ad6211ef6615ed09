"""/manage/editions/<slug>/plan/: every stage's planned dates, the voting window included. A
stage the edition has entered is re-planned only with a written reason (public timeline)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from xihu.apps.editions import services
from xihu.apps.editions.locks import reached
from xihu.apps.editions.models import StagePlan
from xihu.apps.editions.selectors import edition_timeline
from xihu.apps.editions.stages import Stage
from xihu.apps.manage.forms import PlanForm
from xihu.apps.manage.views.common import saved
from xihu.apps.manage.views.editions import _edition
from xihu.errors import Refused


def _initial(plan: StagePlan | None, stage: str) -> dict:
    if plan is None:
        return {"stage": stage}
    local = timezone.localtime
    return {"stage": stage, "starts_at": local(plan.starts_at).replace(tzinfo=None),
            "ends_at": local(plan.ends_at).replace(tzinfo=None) if plan.ends_at else None,
            "note": plan.note}


@login_required
def plan(request, slug):
    edition = _edition(request, slug)
    plans = {p.stage: p for p in StagePlan.objects.filter(edition=edition)}
    posted = request.POST.get("stage") if request.method == "POST" else None
    forms = {}
    for stage in Stage.values:
        bound = request.POST if stage == posted else None
        forms[stage] = PlanForm(bound, prefix=stage, initial=_initial(plans.get(stage), stage))
    if posted in forms:
        form = forms[posted]
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edition_plan_stage(
                    edition=edition, stage=posted, starts_at=data["starts_at"], ends_at=data["ends_at"],
                    note=data["note"], reason=data["reason"], actor=request.user)
                saved(request, _("The plan of %(stage)s is saved, and recorded in the public ledger.")
                      % {"stage": Stage(posted).label})
                return redirect("manage:plan", slug=edition.slug)
            except Refused as refusal:
                form.add_refusal(refusal)
    rows = [(row, forms[row.stage], reached(edition, row.stage)) for row in edition_timeline(edition)]
    return render(request, "manage/plan.html", {"edition": edition, "rows": rows},
                  status=400 if posted else 200)
