"""The facts the three tests judge, read from the records in a bounded number of GROUP BY
queries (never one query per unit, table or ballot). Plain JSON data: the same dict is cached,
judged by xihu.verifier.evaluation, shown on the page and written to the open-data export."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from xihu.apps.assemblies.models import Assembly, Attendee, Nomination, PlenaryBallot
from xihu.apps.ballots.models import Ballot
from xihu.apps.editions.models import Edition, StageChange, StagePlan
from xihu.apps.editions.stages import STAGE_ORDER
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Decision, ScreeningDecision
from xihu.apps.proposals.selectors.exclusions import exclusions_by_community
from xihu.apps.results.models import (
    Confirmation,
    CountMember,
    CountSession,
    SelectionResult,
    SessionClose,
)
from xihu.apps.voting.models import Box
from xihu.verifier import evaluation as rules

LEADERS = (Attendee.Category.GROUP_LEADER, Attendee.Category.BUILDING_LEADER)
OTHERS = (Attendee.Category.RESIDENT, Attendee.Category.ADVISER)
ROLE = Attendee.TableRole


def grace_hours() -> int:
    return int(getattr(settings, "XIHU_EVALUATION_GRACE_HOURS", rules.DEFAULT_GRACE_HOURS))


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def stage_facts(edition: Edition) -> list[dict]:
    """Each stage's plan, when it was entered (the latest entry) and left (the next entry)."""
    plans = {p.stage: p for p in StagePlan.objects.filter(edition=edition)}
    entered = {c.to_stage: c.at for c in StageChange.objects.filter(edition=edition).order_by("at", "pk")}
    entered.setdefault(STAGE_ORDER[0], edition.created_at)
    rows = []
    for index, stage in enumerate(STAGE_ORDER):
        plan = plans.get(stage)
        following = STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None
        rows.append({
            "stage": stage,
            "planned_start": _iso(plan.starts_at) if plan else None,
            "planned_end": _iso(plan.ends_at) if plan else None,
            "entered_at": _iso(entered.get(stage)),
            "left_at": _iso(entered.get(following)) if following else None,
        })
    return rows


def _communities(edition: Edition) -> list[Unit]:
    return list(Unit.objects.filter(parent__parent=edition.district, kind=Unit.Kind.COMMUNITY)
                .select_related("parent").order_by("parent__code", "code"))


def _exclusions(edition: Edition) -> dict[int, dict]:
    """Per community: every excluded proposal's receipt with its state now (one query over the
    screening acts, which are few: exclusions and their reviews only)."""
    acts = (ScreeningDecision.objects.filter(proposal__edition=edition)
            .values_list("proposal__community_id", "proposal__receipt_code", "decision")
            .order_by("at", "pk"))
    states: dict[int, dict[str, str]] = defaultdict(dict)
    names = {Decision.EXCLUDE: "unreviewed", Decision.CONFIRM: "confirmed",
             Decision.REINSTATE: "reinstated"}
    for community, receipt, decision in acts:
        states[community][receipt] = names[decision]
    counts = exclusions_by_community(edition)
    return {pk: {"total": counts.get(pk, (0, 0))[0], "unreviewed": counts.get(pk, (0, 0))[1],
                 "receipts": dict(sorted(receipts.items()))}
            for pk, receipts in states.items()}


def _tables(edition: Edition) -> dict[int, list[dict]]:
    """Per assembly: each seated table's residents, roles present and nominations."""
    seated = (Attendee.objects.filter(assembly__edition=edition, checked_in_at__isnull=False,
                                      table_no__isnull=False)
              .values("assembly_id", "table_no")
              .annotate(residents=Count("pk", filter=Q(table_role=ROLE.RESIDENT)),
                        host=Count("pk", filter=Q(table_role=ROLE.HOST)),
                        recorder=Count("pk", filter=Q(table_role=ROLE.RECORDER)),
                        adviser=Count("pk", filter=Q(table_role=ROLE.ADVISER)))
              .order_by("assembly_id", "table_no"))
    nominations = {(r["table__assembly_id"], r["table__number"]): r["n"] for r in (
        Nomination.objects.filter(table__assembly__edition=edition)
        .values("table__assembly_id", "table__number").annotate(n=Count("pk")).order_by())}
    tables: dict[int, list[dict]] = defaultdict(list)
    for row in seated:
        key = (row["assembly_id"], row["table_no"])
        tables[row["assembly_id"]].append({
            "table": row["table_no"], "residents": row["residents"], "host": row["host"],
            "recorder": row["recorder"], "adviser": row["adviser"],
            "nominations": nominations.get(key, 0)})
    return tables


def _assemblies(edition: Edition) -> dict[int, dict]:
    """Per community: its assembly's attendance against invitations and its plenary."""
    invited = Q(invited=True)
    rows = (Attendee.objects.filter(assembly__edition=edition).values("assembly_id")
            .annotate(n_invited=Count("pk", filter=invited),
                      n_invited_leaders=Count("pk", filter=invited & Q(category__in=LEADERS)),
                      n_invited_proposers=Count("pk", filter=invited & Q(category=Attendee.Category.PROPOSER)),
                      n_invited_others=Count("pk", filter=invited & Q(category__in=OTHERS)),
                      n_at_door=Count("pk", filter=Q(invited=False)),
                      n_checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
                      n_checked_in_invited=Count("pk", filter=invited & Q(checked_in_at__isnull=False)))
            .order_by())
    attendance = {r.pop("assembly_id"): {k.removeprefix("n_"): v for k, v in r.items()} for r in rows}
    plenary = dict(PlenaryBallot.objects.filter(assembly__edition=edition, corrected_by__isnull=True)
                   .values_list("assembly_id").annotate(n=Count("pk")).order_by())
    out = {}
    for assembly in Assembly.objects.filter(edition=edition).order_by("pk"):
        empty = dict.fromkeys(("invited", "invited_leaders", "invited_proposers", "invited_others",
                               "at_door", "checked_in", "checked_in_invited"), 0)
        out[assembly.unit_id] = {"id": assembly.pk, "starts_at": _iso(assembly.starts_at),
                                 "tables_planned": assembly.tables, "open_to_all": assembly.open_to_all,
                                 **empty, **attendance.get(assembly.pk, {}),
                                 "plenary_ballots": plenary.get(assembly.pk, 0)}
    return out


def _counts(edition: Edition) -> dict[int, dict]:
    """Per community: its count session(s), closed or not, with independent scrutineers."""
    boxes = dict(Box.objects.filter(station__edition=edition).values_list("community_id")
                 .annotate(n=Count("pk")).order_by())
    sessions = (CountSession.objects.filter(edition=edition)
                .annotate(closed=Exists(SessionClose.objects.filter(session=OuterRef("pk"))),
                          independent=Count("members", filter=Q(
                              members__role=CountMember.Role.SCRUTINEER, members__independent=True)))
                .values("pk", "community_id", "closed", "independent"))
    out = {pk: {"boxes": n, "sessions": 0, "closed": 0, "independent_scrutineers": 0, "session_ids": []}
           for pk, n in boxes.items()}
    for s in sessions:
        row = out.setdefault(s["community_id"], {"boxes": 0, "sessions": 0, "closed": 0,
                                                 "independent_scrutineers": 0, "session_ids": []})
        row["sessions"] += 1
        row["closed"] += int(bool(s["closed"]))
        row["independent_scrutineers"] += s["independent"]
        row["session_ids"].append(s["pk"])
    return out


def _ballots(edition: Edition) -> list[dict]:
    ballots = list(Ballot.objects.filter(edition=edition).select_related("unit").order_by("unit__code", "kind"))
    latest = {}
    for row in (SelectionResult.objects.filter(ballot__edition=edition).order_by("computed_at", "pk")
                .values("ballot_id", "pk", "winners", "undecided")):
        latest[row["ballot_id"]] = row
    confirmations = {c["ballot_id"]: c for c in Confirmation.objects.filter(ballot__edition=edition).values(
        "ballot_id", "pk", "computed_winners", "confirmed_winners", "deviates", "reason")}
    out = []
    for ballot in ballots:
        result, confirmation = latest.get(ballot.pk), confirmations.get(ballot.pk)
        row = {"ballot": f"{ballot.unit.code}-{ballot.kind}", "ballot_id": ballot.pk,
               "unit": ballot.unit.code, "kind": ballot.kind, "computed": result is not None,
               "result_id": result["pk"] if result else None,
               "computed_winners": list(result["winners"]) if result else [],
               "undecided": list(result["undecided"]) if result else [],
               "confirmed": confirmation is not None,
               "confirmation_id": confirmation["pk"] if confirmation else None,
               "confirmed_winners": list(confirmation["confirmed_winners"]) if confirmation else [],
               "deviates": bool(confirmation and confirmation["deviates"]),
               "reason": confirmation["reason"] if confirmation else ""}
        if confirmation:  # the computed winners the street saw when it confirmed
            row["computed_winners"] = list(confirmation["computed_winners"])
        out.append(row)
    return out


def evaluation_facts(edition: Edition) -> dict:
    """Everything the three tests judge, for the edition and each of its communities."""
    exclusions, tables = _exclusions(edition), _tables(edition)
    assemblies, counts = _assemblies(edition), _counts(edition)
    units = []
    for unit in _communities(edition):
        assembly = assemblies.get(unit.pk)
        units.append({
            "code": unit.code, "name": unit.name, "name_en": unit.name_en, "street": unit.parent.code,
            "exclusions": exclusions.get(unit.pk, {"total": 0, "unreviewed": 0, "receipts": {}}),
            "assembly": assembly,
            "tables": tables.get(assembly["id"], []) if assembly else [],
            "count": counts.get(unit.pk, {"boxes": 0, "sessions": 0, "closed": 0,
                                          "independent_scrutineers": 0, "session_ids": []}),
        })
    return {
        "edition": {"id": edition.pk, "slug": edition.slug, "stage": edition.stage,
                    "district": edition.district.code},
        "computed_at": timezone.now().isoformat(),
        "grace_hours": grace_hours(),
        "stages": stage_facts(edition),
        "units": units,
        "ballots": _ballots(edition),
    }
