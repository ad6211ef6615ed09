"""Planning and re-planning stage dates: a started stage needs a written reason, every change is
kept in an append-only history and shown on the public timeline."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import DatabaseError, transaction
from django.test import Client
from django.utils import translation

from xihu.apps.editions import services
from xihu.apps.editions.models import Edition, StagePlan, StagePlanChange
from xihu.apps.editions.selectors import edition_timeline
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.errors import Refused

CST = ZoneInfo("Asia/Shanghai")
JAN = datetime(2019, 1, 20, 9, 0, tzinfo=CST)


def _refused(**kwargs) -> Refused:
    before = LedgerEntry.objects.count()
    with pytest.raises(Refused) as caught, translation.override("en"):
        services.edition_plan_stage(**kwargs)
    assert LedgerEntry.objects.count() == before
    return caught.value


def test_plan_then_replan_before_the_stage_starts_needs_no_reason(edition, admin):
    services.edition_plan_stage(edition=edition, stage=Stage.VOTING, starts_at=JAN,
                                ends_at=JAN + timedelta(days=6), note="一周", actor=admin)
    services.edition_plan_stage(edition=edition, stage=Stage.VOTING, starts_at=JAN + timedelta(days=7),
                                ends_at=JAN + timedelta(days=13), actor=admin)
    plan = StagePlan.objects.get(edition=edition, stage=Stage.VOTING)
    assert plan.starts_at == JAN + timedelta(days=7) and plan.note == ""
    first, second = StagePlanChange.objects.filter(edition=edition).order_by("pk")
    assert first.previous_starts_at is None and not first.is_replan
    assert second.previous_starts_at == JAN and not second.stage_had_started and second.reason == ""
    entries = LedgerEntry.objects.filter(action="edition.plan_stage").order_by("pk")
    assert [e.payload["previous_starts_at"] for e in entries] == [None, JAN.isoformat()]


def test_a_started_stage_is_replanned_only_with_a_reason_shown_on_the_timeline(edition, admin):
    services.edition_plan_stage(edition=edition, stage=Stage.COLLECTION, starts_at=JAN,
                                ends_at=JAN + timedelta(days=30), actor=admin)
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.SCREENING)  # collection has started
    refusal = _refused(edition=edition, stage=Stage.COLLECTION, starts_at=JAN,
                       ends_at=JAN + timedelta(days=40), actor=admin)
    assert refusal.fields == {"reason": [
        "Reason: proposal collection has started, so changing its dates needs a written reason "
        "(it is shown on the public timeline)."]}
    services.edition_plan_stage(edition=edition, stage=Stage.COLLECTION, starts_at=JAN,
                                ends_at=JAN + timedelta(days=40), reason="春节延长十天", actor=admin)
    change = StagePlanChange.objects.filter(edition=edition, stage=Stage.COLLECTION).last()
    assert change.stage_had_started and change.reason == "春节延长十天"
    assert LedgerEntry.objects.filter(action="edition.plan_stage").last().payload["reason"] == "春节延长十天"
    edition.refresh_from_db()
    row = next(r for r in edition_timeline(edition) if r.stage == Stage.COLLECTION)
    assert row.planned_end == JAN + timedelta(days=40)  # the current fields stay
    [replan] = row.replans
    assert (replan.reason, replan.previous_end, replan.new_end, replan.actor) == (
        "春节延长十天", JAN + timedelta(days=30), JAN + timedelta(days=40), "admin")
    page = Client().get(f"/editions/{edition.slug}/").content.decode()  # the public timeline
    assert 'data-replan="collection"' in page and "春节延长十天" in page
    # a stage not yet started is re-planned without a reason; a note alone needs none either
    services.edition_plan_stage(edition=edition, stage=Stage.COLLECTION, starts_at=JAN,
                                ends_at=JAN + timedelta(days=40), note="改了说明", actor=admin)
    assert StagePlanChange.objects.filter(edition=edition, stage=Stage.COLLECTION).count() == 2


def test_plan_refusals(edition, admin):
    refusal = _refused(edition=edition, stage=Stage.QUOTA, starts_at=JAN, ends_at=JAN, actor=admin)
    assert refusal.fields == {"ends_at": ["Ends: a stage must end after it starts."]}
    refusal = _refused(edition=edition, stage=Stage.VOTING, starts_at=JAN, ends_at=None, actor=admin)
    assert refusal.fields == {"ends_at": ["Ends: the voting window needs an end (the close of the polls)."]}
    refusal = _refused(edition=edition, stage="holiday", starts_at=JAN, ends_at=None, actor=admin)
    assert refusal.reasons == ["Stage: unknown stage holiday."]
    services.edition_plan_stage(edition=edition, stage=Stage.QUOTA, starts_at=JAN, ends_at=None, actor=admin)
    refusal = _refused(edition=edition, stage=Stage.QUOTA, starts_at=JAN, ends_at=None, actor=admin)
    assert refusal.reasons == ["Nothing to change: budget quotas and ballots is already planned so."]
    officer = edition.district.children.get(code="s1").role_assignments.get().user
    refusal = _refused(edition=edition, stage=Stage.QUOTA, starts_at=JAN, ends_at=None, actor=officer)
    assert refusal.reasons == ["Your role does not allow this (it needs: district admin)."]


def test_the_history_is_append_only(edition, admin):
    services.edition_plan_stage(edition=edition, stage=Stage.QUOTA, starts_at=JAN, ends_at=None, actor=admin)
    change = StagePlanChange.objects.get()
    for attempt in (lambda: StagePlanChange.objects.filter(pk=change.pk).update(reason="改写"),
                    lambda: StagePlanChange.objects.filter(pk=change.pk).delete()):
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    assert StagePlanChange.objects.get().reason == ""
