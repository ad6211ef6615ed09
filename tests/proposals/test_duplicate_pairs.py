"""The duplicate suggester measured on the hand-labelled pairs (tests/data/proposal_pairs.csv),
the issue's hand-written pairs among 450 proposals written as the demo writes Xiangshan's, the
suggestions on the screening page (SQLite and PostgreSQL), and rjieba kept out of start-up."""

import random
import subprocess
import sys
from collections import Counter

import pytest

from scripts.eval_duplicates import LABELS, evaluate, load
from xihu.apps.proposals.demo import _clusters, _pick_cluster, _proposal
from xihu.apps.proposals.models import Channel, CollectorType, Project
from xihu.apps.proposals.selectors.suggestions import duplicate_suggestions
from xihu.apps.proposals.selectors.summary import summary_table
from xihu.apps.proposals.services import proposals_import
from xihu.apps.proposals.services.collection import ImportLine, ProposalInput
from xihu.apps.proposals.similarity import THRESHOLD, Item, likely_duplicates

# Issue 14, point 8: plain paraphrases that were not suggested, and two near-identical
# street-light proposals that scored 0.326 against the 0.35 cut-off.
ISSUE_PAIRS = [
    (("3栋的路灯坏了，晚上回家很黑", "3栋"), ("3栋楼道灯不亮", "3栋"), "b"),
    (("菜市场旁边没有公厕", "菜市场旁"), ("菜市场附近建个厕所", "菜市场"), "b"),
    (("社区广场的健身器材坏了", "社区广场"), ("广场上的运动设施该换了", "社区广场"), "b"),
    (("垃圾桶太少，垃圾乱扔", "12栋"), ("设一个垃圾分类亭", "12栋"), "b"),
    (("象山南路路灯太暗，晚上走路看不清", "象山南路"), ("象山南路的路灯太暗了，希望更换", "象山南路"), "b"),
    (("5栋楼道灯坏了", "5栋"), ("9栋楼梯间没有照明", "9栋"), "a"),
]


def test_the_labelled_set_is_large_and_balanced():
    rows = load()
    labels = Counter(r.label for r in rows)
    assert len(rows) >= 200 and set(labels) == set(LABELS)
    assert min(labels.values()) >= 50
    assert len({r.id for r in rows}) == len(rows)
    assert all(r.text_a.strip() and r.text_b.strip() and r.note.strip() for r in rows)


def test_precision_and_recall_on_the_labelled_pairs():
    """Merge candidates (duplicate or same need elsewhere) and same-place duplicates (mode b):
    recall >= 0.9 at precision >= 0.8, at the threshold the pages use."""
    f = evaluate(load())
    assert f.threshold == THRESHOLD
    assert f.recall >= 0.9 and f.precision >= 0.8, f
    assert f.mode_b_recall >= 0.9 and f.mode_b_precision >= 0.8, f


def test_among_a_community_of_450_demo_proposals_too():
    """The same measure with 450 demo proposals in the list (they change every weight)."""
    f = evaluate(load(), background=450)
    assert f.recall >= 0.9 and f.precision >= 0.8, f
    assert f.mode_b_recall >= 0.9 and f.mode_b_precision >= 0.8, f


def xiangshan(count=450, seed=20180107):
    """Proposals as the demo writes them for Xiangshan: 60 likely projects at buildings and
    landmarks, popular ones more often, each phrased as residents do."""
    rng = random.Random(seed)
    clusters = _clusters(rng, 60, [f"{n}栋" for n in range(1, 31)])
    out = []
    for i in range(count):
        cluster = clusters[i] if i < len(clusters) else clusters[_pick_cluster(rng, clusters)]
        data = _proposal(rng, cluster, with_contact=False)
        out.append((f"{data.title} {data.content}", data.location_text, cluster["category"]))
    return out


def test_hand_written_pairs_are_suggested_among_450_xiangshan_proposals():
    background = xiangshan()
    items = [Item(n, text, place) for n, (text, place, _category) in enumerate(background)]
    for k, (a, b, _mode) in enumerate(ISSUE_PAIRS):
        items += [Item(1000 + 2 * k, *a), Item(1001 + 2 * k, *b)]
    pairs = {(p.a, p.b): p for p in likely_duplicates(items, limit=None)}
    for k, (a, b, mode) in enumerate(ISSUE_PAIRS):
        pair = pairs.get((1000 + 2 * k, 1001 + 2 * k))
        assert pair is not None and pair.text >= THRESHOLD, (a, b)
        assert pair.mode == mode, (a, b, pair)
    # and the demo's own proposals: a suggested pair never crosses categories
    demo = [p for p in pairs.values() if p.a < 1000 and p.b < 1000]
    assert demo and all(background[p.a][2] == background[p.b][2] for p in demo)


def test_rjieba_is_not_loaded_when_the_web_process_starts():
    """The dictionary is built on the first suggestion, once, not at start-up."""
    code = ("import os, sys, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'xihu.config.settings.test'; "
            "django.setup(); from django.core.wsgi import get_wsgi_application; get_wsgi_application(); "
            "import django.urls; django.urls.get_resolver().url_patterns; "
            "import xihu.apps.proposals.views.screening; "
            "assert 'rjieba' not in sys.modules, 'rjieba loaded at start-up'; "
            "from xihu.apps.proposals.similarity.text import segmenter; "
            "assert segmenter() is segmenter() and 'rjieba' in sys.modules; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


@pytest.mark.django_db
def test_screening_page_suggests_a_paraphrase_with_its_mode(client, edition, tree, people, advance):
    texts = [("3栋的路灯坏了，晚上回家很黑", "3栋"), ("3栋楼道灯不亮", "3栋2单元"),
             ("菜市场旁边没有公厕", "菜市场旁"), ("菜市场旁安装监控", "菜市场旁"),
             ("7栋楼梯间没有照明", "7栋")]
    lines = [ImportLine(ProposalInput(content=t, location_text=p), Channel.DOOR, CollectorType.STAFF)
             for t, p in texts]
    made = proposals_import(edition=edition, community=tree["s1a"], lines=lines, actor=people["staff_s1a"])
    advance()
    project = {p.pk: Project.objects.live().get(sources__proposal=p).pk for p in made}
    pk = [project[p.pk] for p in made]
    pairs = {(s.a, s.b): s for s in duplicate_suggestions(summary_table(edition, tree["s1a"]).rows)}
    assert pairs[(pk[0], pk[1])].mode == "b"
    assert pairs[(pk[0], pk[4])].mode == "a" and pairs[(pk[1], pk[4])].mode == "a"
    assert (pk[2], pk[3]) not in pairs  # the same place alone
    assert not any(pk[2] in key or pk[3] in key for key in pairs)
    assert list(pairs)[0] == (pk[0], pk[1])  # the same place first

    client.force_login(people["staff_s1a"])
    page = client.get(f"/editions/{edition.slug}/proposals/s1a/screen/").content.decode()
    assert page.count("· 同一地点") == 1 and page.count("· 不同地点") == 2
    assert page.count('class="link fits"') == 3  # the fitting merge button stands out
