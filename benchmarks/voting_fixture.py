"""Benchmark fixture: the demo district in an open voting week on a benchmark database, with
frozen ballots for every community and street, and N station officers each on shift at their
own station and box today. Run in a child process with DATABASE_URL set."""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta


def build(officers: int, password: str) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xihu.config.settings.dev")
    django.setup()
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
    rows = []
    for n in range(officers):
        community = communities[n % len(communities)]
        user, _ = User.objects.get_or_create(username=f"bench_officer_{n}", defaults={"password": hashed})
        RoleAssignment.objects.get_or_create(user=user, role="station_officer", unit=community)
        station, _ = Station.objects.get_or_create(edition=edition, community=community, name=f"压测站{n}",
                                                   defaults={"kind": "stand"})
        box, _ = Box.objects.get_or_create(station=station, community=community, code=f"B{n}")
        Shift.objects.get_or_create(station=station, officer=user, day=timezone.localdate(),
                                    defaults={"starts": "00:00", "ends": "23:59", "created_by": admin})
        rows.append({"username": user.username, "unit": community.code, "box": box.pk,
                     "ballots": [ballots[community.code], ballots[community.parent.code]],
                     "edition": edition.pk, "edition_slug": edition.slug, "community": community.pk,
                     "station": station.pk,
                     "officer": user.pk})
    return {"officers": rows}


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    print(json.dumps(build(int(sys.argv[1]), sys.argv[2])))
