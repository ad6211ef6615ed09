"""Benchmark: importing 10,000 proposals into the 21 demo communities and building all 21
summary tables (plus the two street tables), against a named peer measured in the same run.

Peers:
- import: the naive way, one ORM transaction per proposal (the `proposal_submit` service called
  once per row: proposal, its project, its provenance link and a ledger entry each);
- summary tables: the naive N+1 way, one query for a unit's live projects and one more per
  project for its sources.

Run: ``.venv/bin/python benchmarks/bench_proposals.py`` (``--quick`` for a smoke run). It uses a
fresh SQLite file in a temporary directory (or the database in DATABASE_URL, which must be an
empty scratch database). The naive import is measured on ``--peer-sample`` proposals and its
rate scaled to the full count (printed as such).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def setup_django() -> None:
    os.environ.setdefault("XIHU_DATA_DIR", tempfile.mkdtemp(prefix="xihu-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "xihu.config.settings.test"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def lines_for(count: int, seed: int):
    from xihu.apps.proposals.demo_text import PLACES, THEMES
    from xihu.apps.proposals.services.collection import ImportLine, ProposalInput

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        category, level, _title, phrasings = rng.choice(THEMES)
        place = rng.choice(PLACES)
        data = ProposalInput(content=rng.choice(phrasings).format(p=place), location_text=place,
                             category=category, level=level, proposer_contact="13800000000")
        out.append(ImportLine(data, rng.choice(["door", "booth"]), rng.choice(["staff", "volunteer", "both"])))
    return out


def staff_for(community):
    from xihu.apps.accounts.models import RoleAssignment, User

    user, _ = User.objects.get_or_create(username=f"bench_{community.code}")
    RoleAssignment.objects.get_or_create(user=user, role="community_staff", unit=community)
    return user


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def naive_tables(edition, units) -> int:
    from xihu.apps.proposals.models import Project, ProjectSource

    rows = 0
    for unit in units:
        for project in Project.objects.live().filter(edition=edition, unit=unit).order_by("pk"):
            receipts = [s.proposal.receipt_code for s in ProjectSource.objects.filter(
                project=project, released_at__isnull=True).select_related("proposal")]
            rows += len(receipts) > 0
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 proposals (smoke run)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--peer-sample", type=int, default=1_000)
    args = parser.parse_args()
    count = 1_000 if args.quick else args.count
    peer_sample = min(args.peer_sample, 100 if args.quick else args.peer_sample)

    setup_django()
    from django.db import connection, transaction

    from xihu.apps.demo.loader import load_demo
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals import exports, services
    from xihu.apps.proposals.models import Proposal
    from xihu.apps.proposals.selectors.summary import summary_digest, summary_table

    edition, _ = load_demo(with_stage_data=False)
    communities = list(Unit.objects.filter(kind="community").order_by("code"))
    streets = list(Unit.objects.filter(kind="street").order_by("code"))
    staff = {c.pk: staff_for(c) for c in communities}
    lines = lines_for(count, seed=1)
    share = len(lines) // len(communities)
    print(f"database: {connection.vendor}; {count:,} proposals into {len(communities)} communities")

    def xihu_import():
        for i, community in enumerate(communities):
            part = lines[i * share:(i + 1) * share] if i < len(communities) - 1 else lines[i * share:]
            services.proposals_import(edition=edition, community=community, lines=part, actor=staff[community.pk])

    import_s, _ = timed(xihu_import)
    assert Proposal.objects.count() == count

    peer_lines = lines_for(peer_sample, seed=2)

    def naive_import():
        for n, line in enumerate(peer_lines):
            community = communities[n % len(communities)]
            with transaction.atomic():
                services.proposal_submit(edition=edition, community=community, data=line.data,
                                         channel=line.channel, collector_type="staff",
                                         actor=staff[community.pk])

    peer_s, _ = timed(naive_import)
    peer_scaled = peer_s / peer_sample * count

    units = communities + streets
    build_s, tables = timed(lambda: [summary_table(edition, u) for u in units])
    digest_s, _ = timed(lambda: [summary_digest(t) for t in tables])
    xlsx_s, _ = timed(lambda: [exports.summary_xlsx(t) for t in tables[:len(communities)]])
    naive_s, _ = timed(lambda: naive_tables(edition, units))
    projects = sum(len(t.rows) for t in tables)

    print(f"import {count:,} proposals (21 batched imports):   {import_s:8.2f} s "
          f"({count / import_s:,.0f} proposals/s)")
    print(f"peer: one transaction per proposal ({peer_sample:,} measured, scaled to {count:,}): "
          f"{peer_scaled:8.2f} s  -> xihu is {peer_scaled / import_s:.1f}x faster")
    print(f"build all {len(units)} summary tables ({projects:,} projects): {build_s:8.2f} s "
          f"(+ digests {digest_s:.2f} s, + 21 XLSX exports {xlsx_s:.2f} s)")
    print(f"peer: N+1 queries per table:                        {naive_s:8.2f} s  "
          f"-> xihu is {naive_s / build_s:.1f}x faster")


if __name__ == "__main__":
    main()
