"""What the abuse dashboard reads (PROCESS.md section 4), as plain data: each query returns the
suspicious rows only (differences, mismatches, bursts) or one row per person, unit and day,
never a row per ballot or registration."""

from statistics import median

from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Coalesce

from xihu.apps.editions.models import Edition
from xihu.apps.insights.days import per_day
from xihu.apps.insights.targets import turnout_targets
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.organisation.models import Unit
from xihu.apps.proposals.models import Decision, MergeMode, Project, ScreeningDecision
from xihu.apps.results.models import BoxSignOff, TypedTotal
from xihu.apps.voting.models import Registration, Seal
from xihu.apps.voting.selectors import bursts

MERGES = [MergeMode.SEPARATE_LOCATIONS, MergeMode.ONE_LOCATION, MergeMode.CASE_BY_CASE]
JUMP_FACTOR = 3      # a day with this many times a community's usual (median) daily voters
JUMP_MIN_VOTERS = 30  # and at least this many voters


def _person(prefix: str) -> dict:
    return {"username": F(f"{prefix}__username"), "display": F(f"{prefix}__display_name")}


def typed_differences(edition: Edition) -> list[dict]:
    """Typed totals that do not match the ballot records (the Xiawan pattern)."""
    return list(TypedTotal.objects.filter(session__edition=edition).exclude(value=F("computed"))
                .values("pk", "session_id", "value", "computed", "ballot__kind", "item__number",
                        "item__title", "box__code", community=F("session__community__code"),
                        **_person("entered_by"))
                .order_by("session__community__code", "pk"))


def signoff_differences(edition: Edition) -> list[dict]:
    """Boxes signed off while their count differed from the seal or the registrations."""
    differs = (Q(sealed__isnull=False) & ~Q(sealed=F("counted"))) | (
        Q(registered__isnull=False) & ~Q(registered=F("counted")))
    return list(BoxSignOff.objects.filter(session__edition=edition).filter(differs)
                .values("pk", "session_id", "counted", "sealed", "registered", "box__code",
                        community=F("session__community__code"), **_person("signed_by"))
                .order_by("session__community__code", "pk"))


def seal_mismatches(edition: Edition) -> list[dict]:
    """Reopenings that find a different count or seal number than the seal before them, or a
    broken seal; and seals where the paper sheets declared differ from the paper ballots handed
    out at that box until then. Only such rows leave the database."""
    before = Seal.objects.filter(box=OuterRef("box")).filter(
        Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk"))).order_by("-at", "-pk")
    reopened = (Seal.objects.filter(box__station__edition=edition, kind=Seal.Kind.REOPEN)
                .annotate(prev_count=Subquery(before.values("ballots_in_box")[:1]),
                          prev_number=Subquery(before.values("seal_number")[:1]),
                          prev_kind=Subquery(before.values("kind")[:1]))
                .filter(prev_kind=Seal.Kind.SEAL)
                .filter(Q(intact=False) | ~Q(prev_count=F("ballots_in_box")) | ~Q(prev_number=F("seal_number")))
                .values("pk", "kind", "at", "ballots_in_box", "prev_count", "seal_number", "prev_number",
                        "intact", "paper_in_box", "box__code", "box__station__name",
                        community=F("box__community__code")))
    handed_out = Subquery(Registration.objects.filter(
        box=OuterRef("box"), mode=Registration.Mode.PAPER, registered_at__lte=OuterRef("at"))
        .order_by().values("box").annotate(n=Count("pk")).values("n"), output_field=IntegerField())
    sealed = (Seal.objects.filter(box__station__edition=edition, kind=Seal.Kind.SEAL)
              .annotate(handed_out=Coalesce(handed_out, 0)).exclude(paper_in_box=F("handed_out"))
              .values("pk", "kind", "at", "ballots_in_box", "seal_number", "intact", "paper_in_box",
                      "handed_out", "box__code", "box__station__name", community=F("box__community__code")))
    return sorted([*reopened, *sealed], key=lambda s: (s["community"], s["at"]))


def officer_bursts(edition: Edition) -> list[dict]:
    found = bursts(edition)
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk({b.officer_id for b in found})
    communities = dict(Registration.objects.filter(pk__in=[b.first_registration for b in found])
                       .values_list("pk", "community__code"))
    return [{"officer": b.officer, "username": users[b.officer_id].get_username(), "station": b.station,
             "start": b.start, "end": b.end, "people": b.people, "registration": b.first_registration,
             "community": communities.get(b.first_registration, "")} for b in found]


def screening_by_person(edition: Edition) -> list[dict]:
    """Per person: exclusions made, of those how many the street reinstated; and reviews made."""
    acts = (ScreeningDecision.objects.filter(proposal__edition=edition)
            .values("actor_id", "decision", **_person("actor"))
            .annotate(n=Count("pk")).order_by())
    reinstated = dict(ScreeningDecision.objects.filter(proposal__edition=edition, decision=Decision.REINSTATE)
                      .values_list("answers__actor_id").annotate(n=Count("pk")).order_by())
    people: dict[int, dict] = {}
    for row in acts:
        person = people.setdefault(row["actor_id"], {"username": row["username"], "display": row["display"],
                                                     "exclude": 0, "confirm": 0, "reinstate": 0})
        person[row["decision"]] += row["n"]
    for pk, person in people.items():
        person["reinstated"] = reinstated.get(pk, 0)
    return sorted(people.values(), key=lambda p: (-p["exclude"], -p["confirm"] - p["reinstate"], p["username"]))


def merges_by_person(edition: Edition) -> list[dict]:
    """Per person: merges made, proposals they joined, and merges undone."""
    rows = (Project.objects.filter(edition=edition, mode__in=MERGES)
            .values("created_by_id", **_person("created_by"))
            .annotate(merges=Count("pk", distinct=True), proposals=Count("sources", distinct=True))
            .order_by("-merges", "username"))
    ids = Project.objects.filter(edition=edition).annotate(key=Cast("pk", CharField())).values("key")
    undos = dict(LedgerEntry.objects.filter(action="project.undo", object_type="proposals.project",
                                            object_id__in=ids)
                 .values_list("actor").annotate(n=Count("pk")).order_by())
    out = [{**r, "undone": undos.get(r["username"], 0)} for r in rows]
    for username, n in undos.items():
        if not any(r["username"] == username for r in out):
            out.append({"username": username, "display": "", "merges": 0, "proposals": 0, "undone": n})
    return out


def turnout_jumps(edition: Edition) -> dict:
    """Voters per community and day (one GROUP BY), each street's target, and the days on which
    a community's voters jumped to JUMP_FACTOR times its usual day."""
    daily = {pk: sorted(days.items())
             for pk, days in per_day(Registration.objects.filter(edition=edition), "community_id").items()}
    targets = turnout_targets(edition)
    units = {u.pk: u for u in Unit.objects.filter(parent__parent=edition.district, kind=Unit.Kind.COMMUNITY)
             .select_related("parent")}
    jumps = []
    for pk, days in daily.items():
        unit = units.get(pk)
        if unit is None or len(days) < 2:
            continue
        total = sum(n for _d, n in days)
        for index, (day, n) in enumerate(days):
            usual = median([m for j, (_d, m) in enumerate(days) if j != index])
            if n >= JUMP_MIN_VOTERS and n >= JUMP_FACTOR * max(usual, 1):
                jumps.append({"community": unit.code, "street": unit.parent.code, "day": day, "voters": n,
                              "usual": usual, "total": total, "residents": unit.residents,
                              "target": targets.get(unit.parent_id) or targets.get(unit.pk)})
    streets = [{"street": s.code, "target": targets.get(s.pk)} for s in
               sorted({u.parent for u in units.values()}, key=lambda s: s.code)]
    return {"jumps": sorted(jumps, key=lambda j: (j["day"], j["community"])), "streets": streets}


def dashboard_data(edition: Edition) -> dict:
    return {
        "typed": typed_differences(edition), "signoffs": signoff_differences(edition),
        "seals": seal_mismatches(edition), "bursts": officer_bursts(edition),
        "screening": screening_by_person(edition), "merges": merges_by_person(edition),
        "turnout": turnout_jumps(edition),
    }
