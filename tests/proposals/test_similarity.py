"""Duplicate suggestions work on Chinese text by character bigrams, and places alone do not
make a duplicate; 450 projects take well under a second."""

import random
import time

from xihu.apps.proposals.similarity import Item, bigrams, likely_duplicates


def test_bigrams_of_chinese():
    assert {"楼道", "道灯"} <= set(bigrams("楼道灯坏了"))


def test_same_request_found_and_same_place_alone_not():
    items = [
        Item(1, "3栋楼道灯坏了，晚上很黑 照明", "3栋"),
        Item(2, "修好3栋的楼道灯 照明", "3栋2单元"),
        Item(3, "菜市场旁建公共厕所 公共厕所", "菜市场旁"),
        Item(4, "菜市场旁安装监控 安防", "菜市场旁"),
        Item(5, "小广场增设健身器材 健身器材", "小广场", (28.68, 115.89)),
        Item(6, "广场安装健身器材 健身器材", "广场东侧", (28.6801, 115.8901)),
    ]
    pairs = {(p.a, p.b) for p in likely_duplicates(items, threshold=0.2)}
    assert (1, 2) in pairs and (5, 6) in pairs
    assert (3, 4) not in pairs


def test_fast_for_450_projects():
    rng = random.Random(1)
    words = ["楼道灯", "健身器材", "公共厕所", "停车位", "下水道", "监控", "绿化", "座椅", "宣传栏", "路面"]
    places = [f"{n}栋" for n in range(1, 40)] + ["广场", "菜市场", "幼儿园"]
    items = [Item(i, f"{rng.choice(places)}{rng.choice(words)}{rng.choice(['坏了', '增设', '改造'])}",
                  rng.choice(places)) for i in range(450)]
    start = time.perf_counter()
    pairs = likely_duplicates(items)
    assert time.perf_counter() - start < 2.0
    assert pairs and all(p.score >= 0.35 for p in pairs)
