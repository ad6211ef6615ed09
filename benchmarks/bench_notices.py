"""Benchmark: what notices cost the service that changes state (issue 15, point 2).

An exclusion (proposals.services.proposal_exclude, its own transaction, committed) measured three
ways in the same run, on a fresh SQLite file (or the empty scratch database in DATABASE_URL):

- peer: the notice listeners disconnected (the platform before residents could follow);
- listeners on, a proposal nobody follows: the cost every service pays (one dictionary look-up);
- listeners on, a proposal with F followers: the after-commit fan-out included (one INSERT of F
  notices; sent through the file gateway too when F <= XIHU_NOTICE_SEND_INLINE_MAX, e.g.
  ``--followers 20``), reported per follower.

Run: ``.venv/bin/python benchmarks/bench_notices.py`` (``--repeat N --followers F``).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("XIHU_DATA_DIR", tempfile.mkdtemp(prefix="xihu-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "xihu.config.settings.test"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build(repeat: int, followers: int):
    from django.contrib.auth import get_user_model

    from tests.assemblies.helpers import build_world, set_stage
    from xihu.apps.proposals.models import Channel, CollectorType
    from xihu.apps.proposals.services import proposals_import
    from xihu.apps.proposals.services.collection import ImportLine, ProposalInput
    from xihu.apps.residents.models import Follow, ResidentAccount

    world = build_world()
    staff = world["users"]["staff_s1a"]
    set_stage(world["edition"], "collection")
    lines = [ImportLine(ProposalInput(content=f"第{n}号提案：修路灯", level="community"),
                        Channel.DOOR, CollectorType.STAFF) for n in range(3 * repeat)]
    proposals = proposals_import(edition=world["edition"], community=world["units"]["s1a"],
                                 lines=lines, actor=staff)
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"r-bench{n:05d}") for n in range(followers)])
    accounts = ResidentAccount.objects.bulk_create(
        [ResidentAccount(user=u, phone=f"139{n:08d}") for n, u in enumerate(users)])
    peer, quiet, followed = proposals[:repeat], proposals[repeat:2 * repeat], proposals[2 * repeat:]
    Follow.objects.bulk_create([Follow(account=a, proposal=p) for p in peer + followed for a in accounts])
    set_stage(world["edition"], "screening")
    return staff, peer, quiet, followed


def timed(proposals, staff) -> list[float]:
    from xihu.apps.proposals.services import proposal_exclude

    out = []
    for proposal in proposals:
        start = time.perf_counter()
        proposal_exclude(proposal=proposal, reason="other_party", explanation="由物业公司负责维修",
                         actor=staff)
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--followers", type=int, default=200)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings

    from xihu.apps.ledger import hooks
    from xihu.apps.residents.models import Notice

    settings.XIHU_GATEWAY = {"BACKEND": "xihu.apps.residents.gateway.files.FileBackend",
                             "OPTIONS": {"directory": tempfile.mkdtemp(prefix="xihu-bench-outbox-")}}
    staff, peer, quiet, followed = build(args.repeat, args.followers)
    kept = dict(hooks.LISTENERS)
    hooks.LISTENERS.clear()
    t_peer = statistics.median(timed(peer, staff))
    hooks.LISTENERS.update(kept)
    t_quiet = statistics.median(timed(quiet, staff))
    t_followed = statistics.median(timed(followed, staff))
    made = Notice.objects.count()
    inline = args.followers <= settings.XIHU_NOTICE_SEND_INLINE_MAX
    assert made == args.repeat * args.followers, made
    load = os.getloadavg()
    print(f"exclusion, listeners off (peer):          {t_peer * 1000:7.2f} ms (median of {args.repeat})")
    print(f"exclusion, listeners on, no follower:     {t_quiet * 1000:7.2f} ms  ratio {t_quiet / t_peer:.2f}x")
    print(f"exclusion + {args.followers} notices after commit: {t_followed * 1000:7.2f} ms  ratio "
          f"{t_followed / t_peer:.2f}x, {(t_followed - t_peer) / args.followers * 1e6:.0f} µs per follower "
          f"({'written and sent' if inline else 'written; sent later by send_notices'})")
    print(f"notices made: {made}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
