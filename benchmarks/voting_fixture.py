"""Benchmark fixture, run in a child process with DATABASE_URL and SECRET_KEY set.

`build N`: the demo district in an open voting week on the benchmark database, frozen ballots
for every community and street, N station officers each on shift at their own station (a box
for Xihu and a box for the bare peer), a co-signer per community, and a logged-in session per
officer made up front (so the load does not begin with N password hashes). Prints JSON.

`check`: what the database holds for the benchmark's boxes, then every Xihu box sealed (its
waiting ballots written, shuffled) and the cast ballots counted. Prints JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import timedelta


def setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xihu.config.settings.dev")
    django.setup()


def _session(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "xihu.apps.accounts.backends.AccountBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def build(officers: int, password: str) -> dict:
    setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from xihu.apps.accounts.models import RoleAssignment, User
    from xihu.apps.ballots.models import Ballot, BallotItem
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.editions.models import Edition, StagePlan
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals.models import Project
    from xihu.apps.voting.models import Box, Shift, Station

    call_command("migrate", verbosity=0)
    edition, _created = load_demo(with_stage_data=False)
    now = timezone.now()
    StagePlan.objects.filter(edition=edition, stage="voting").update(
        starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=12))
    Edition.objects.filter(pk=edition.pk).update(stage="voting")
    admin = User.objects.get(username="admin")
    communities = list(Unit.objects.filter(kind=Unit.Kind.COMMUNITY).order_by("code"))
    ballots = {}
    for unit in [*communities, *Unit.objects.filter(kind=Unit.Kind.STREET)]:
        kind = "community" if unit.kind == Unit.Kind.COMMUNITY else "street"
        ballot, created = Ballot.objects.get_or_create(edition=edition, unit=unit, kind=kind,
                                                       defaults={"max_choices": 5, "budget": 300_000})
        if created:
            for n in range(1, 11):
                project = Project.objects.create(edition=edition, unit=unit, level=kind, title=f"项目{n}",
                                                 created_by=admin)
                BallotItem.objects.create(ballot=ballot, number=n, project=project, title=project.title,
                                          amount=20_000)
            Ballot.objects.filter(pk=ballot.pk).update(frozen_at=now, frozen_by=admin, fingerprint="b" * 64)
        ballots[unit.code] = ballot.pk
    hashed = make_password(password)
    for community in communities:
        user, _ = User.objects.get_or_create(username=f"bench_cosigner_{community.code}",
                                             defaults={"password": hashed})
        RoleAssignment.objects.get_or_create(user=user, role="station_officer", unit=community)
    rows = []
    for n in range(officers):
        community = communities[n % len(communities)]
        user, _ = User.objects.get_or_create(username=f"bench_officer_{n}", defaults={"password": hashed})
        RoleAssignment.objects.get_or_create(user=user, role="station_officer", unit=community)
        station, _ = Station.objects.get_or_create(edition=edition, community=community, name=f"压测站{n}",
                                                   defaults={"kind": "stand"})
        box, _ = Box.objects.get_or_create(station=station, community=community, code=f"B{n}")
        bare, _ = Box.objects.get_or_create(station=station, community=community, code=f"BARE{n}")
        Shift.objects.get_or_create(station=station, officer=user, day=timezone.localdate(),
                                    defaults={"starts": "00:00", "ends": "23:59", "created_by": admin})
        rows.append({"username": user.username, "unit": community.code, "box": box.pk, "bare_box": bare.pk,
                     "ballots": [ballots[community.code], ballots[community.parent.code]],
                     "edition": edition.pk, "edition_slug": edition.slug, "community": community.pk,
                     "station": station.pk, "officer": user.pk, "session": _session(user)})
    return {"officers": rows}


def check(boxes: list[int], bare_boxes: list[int]) -> dict:
    """Rows held for the benchmark's boxes; then each Xihu box sealed and its ballots counted."""
    setup()
    from django.db.models import Count

    from xihu.apps.accounts.models import User
    from xihu.apps.ledger.models import LedgerEntry
    from xihu.apps.voting import services
    from xihu.apps.voting.models import BallotEnvelope, BallotReceipt, Box, CastBallot, Registration

    def per_box(model, ids):
        return sum(dict(model.objects.filter(box__in=ids).values_list("box").annotate(n=Count("pk"))).values())

    held = {"registrations": per_box(Registration, boxes), "receipts": per_box(BallotReceipt, boxes),
            "envelopes": per_box(BallotEnvelope, boxes), "bare_registrations": per_box(Registration, bare_boxes),
            "bare_receipts": per_box(BallotReceipt, bare_boxes),
            "log_entries": LedgerEntry.objects.filter(action__in=["voting.register", "voting.ballot_cast"]).count()}
    started, slowest = time.perf_counter(), 0.0
    for box in Box.objects.filter(pk__in=boxes).select_related("station__edition", "community"):
        officer = User.objects.get(username=box.station.shifts.first().officer.username)
        cosigner = User.objects.get(username=f"bench_cosigner_{box.community.code}")
        t = time.perf_counter()
        services.box_seal(box=box, officer_a=officer, officer_b=cosigner, seal_number=f"BENCH-{box.pk}",
                          paper_in_box=0)
        slowest = max(slowest, time.perf_counter() - t)
    held.update(cast_ballots=per_box(CastBallot, boxes), envelopes_after=per_box(BallotEnvelope, boxes),
                seal_seconds=time.perf_counter() - started, slowest_seal=slowest)
    return held


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    if sys.argv[1] == "build":
        print(json.dumps(build(int(sys.argv[2]), sys.argv[3])))
    else:
        spec = json.loads(sys.stdin.read())
        print(json.dumps(check(spec["boxes"], spec["bare_boxes"])))
