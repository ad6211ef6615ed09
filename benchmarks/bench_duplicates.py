"""Benchmark: duplicate suggestions for one community of 450 proposals (Xiangshan's size),
against a named peer measured in the same run.

- start-up: the web process (settings, apps, URLconf, WSGI handler) without rjieba, and the
  one-time build of jieba's dictionary that the first suggestion pays (a fresh interpreter each);
- the suggester on 450 proposals written as the demo writes Xiangshan's: the first call of a
  process (dictionary included) and then the median of repeated calls;
- peer: the same scores computed pair by pair over all 101,025 pairs, without the inverted index;
- the screening page (GET /proposals/<community>/screen/, 450 projects, the summary table, the
  proposal list and the suggestions) through Django's test client on a fresh SQLite file (or the
  empty scratch database in DATABASE_URL).

Run: ``.venv/bin/python benchmarks/bench_duplicates.py`` (``--repeat N``).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

START = ("import os, time; t = time.perf_counter(); os.environ['DJANGO_SETTINGS_MODULE'] = "
         "'xihu.config.settings.test'; import django; django.setup(); "
         "from django.core.wsgi import get_wsgi_application; get_wsgi_application(); "
         "import django.urls; django.urls.get_resolver().url_patterns; "
         "import xihu.apps.proposals.views.screening; import sys; "
         "assert 'rjieba' not in sys.modules; s = time.perf_counter() - t; "
         "from xihu.apps.proposals.similarity.text import segmenter; t = time.perf_counter(); "
         "segmenter(); print(s, time.perf_counter() - t)")


def setup_django() -> None:
    os.environ.setdefault("XIHU_DATA_DIR", tempfile.mkdtemp(prefix="xihu-bench-"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "xihu.config.settings.test"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def xiangshan(count: int = 450, seed: int = 20180107):
    from xihu.apps.proposals.demo import _clusters, _pick_cluster, _proposal

    rng = random.Random(seed)
    clusters = _clusters(rng, 60, [f"{n}栋" for n in range(1, 31)])
    return [_proposal(rng, clusters[i] if i < 60 else clusters[_pick_cluster(rng, clusters)],
                      with_contact=True) for i in range(count)]


def all_pairs(items) -> int:
    """Peer: every pair's cosine computed directly (what the inverted index avoids)."""
    from xihu.apps.proposals.similarity import THRESHOLD, _vectors, features
    from xihu.apps.proposals.similarity.text import read

    vectors = _vectors([features(read(i.text, i.place)) for i in items])
    found = 0
    for x, u in enumerate(vectors):
        for v in vectors[x + 1:]:
            small, large = (u, v) if len(u) < len(v) else (v, u)
            found += sum(w * large.get(t, 0.0) for t, w in small.items()) >= THRESHOLD
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    runs = [subprocess.run([sys.executable, "-c", START], capture_output=True, text=True, check=True,
                           env=env, cwd=ROOT).stdout.split() for _ in range(3)]
    start_s = statistics.median(float(r[0]) for r in runs)
    dictionary_s = statistics.median(float(r[1]) for r in runs)

    setup_django()
    from django.db import connection
    from django.test import Client

    from xihu.apps.accounts.models import User
    from xihu.apps.demo.loader import load_demo
    from xihu.apps.organisation.models import Unit
    from xihu.apps.proposals import services
    from xihu.apps.proposals.models import Channel, CollectorType
    from xihu.apps.proposals.services.collection import ImportLine
    from xihu.apps.proposals.similarity import Item, likely_duplicates

    data = xiangshan()
    items = [Item(n, f"{d.title} {d.content}", d.location_text) for n, d in enumerate(data)]
    first = time.perf_counter()
    likely_duplicates(items)
    first_s = time.perf_counter() - first
    warm = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        pairs = likely_duplicates(items, limit=None)
        warm.append(time.perf_counter() - t)
    t = time.perf_counter()
    peer_found = all_pairs(items)
    peer_s = time.perf_counter() - t
    assert peer_found == len(pairs), (peer_found, len(pairs))

    edition, _ = load_demo(with_stage_data=False)
    community = Unit.objects.get(code="xiangshan")
    staff = User.objects.get(username="staff_xiangshan")
    services.proposals_import(edition=edition, community=community, actor=staff, lines=[
        ImportLine(d, Channel.DOOR, CollectorType.STAFF) for d in data])
    client = Client()
    client.force_login(staff)
    pages = []
    for _ in range(max(3, args.repeat // 2)):
        t = time.perf_counter()
        response = client.get("/proposals/xiangshan/screen/")
        pages.append(time.perf_counter() - t)
        assert response.status_code == 200 and "merge (a)" in response.content.decode() or \
            "整合(a)" in response.content.decode()

    print(f"database: {connection.vendor}; 450 proposals as the demo writes Xiangshan's; "
          f"{len(pairs):,} pairs at or above the threshold")
    print(f"web process start (settings, apps, URLconf, WSGI), rjieba not loaded: {start_s:6.3f} s")
    print(f"jieba dictionary (rjieba), built once on the first suggestion:       {dictionary_s:6.3f} s")
    print(f"suggester, first call of the process (dictionary included):          {first_s:6.3f} s")
    print(f"suggester, median of {args.repeat} calls:                                     "
          f"{statistics.median(warm):6.3f} s")
    print(f"peer: all {len(items) * (len(items) - 1) // 2:,} pairs scored one by one:               "
          f"{peer_s:6.3f} s  -> the index is {peer_s / statistics.median(warm):.1f}x faster")
    print(f"screening page with 450 projects (median of {len(pages)} GETs):               "
          f"{statistics.median(pages):6.3f} s")


if __name__ == "__main__":
    main()
