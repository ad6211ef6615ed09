"""Duplicate suggestions: the same request in other words is found at the real threshold, the
same place alone never makes a duplicate, and the place says which merge mode fits."""

import random
import time

from xihu.apps.proposals.similarity import THRESHOLD, Item, likely_duplicates
from xihu.apps.proposals.similarity.text import read, same_place


def test_reading_names_the_need_whatever_the_word():
    light = [set(read(t).concepts) for t in ("楼道灯坏了", "路灯不亮", "楼梯间没有照明", "晚上黑漆漆的")]
    assert all(c == {"light"} for c in light)
    assert read("装红绿灯").concepts == ["traffic_light"]  # the longer term wins over 灯
    assert {c for t in ("公厕", "厕所", "卫生间", "洗手间") for c in read(t).concepts} == {"toilet"}


def test_places_are_read_and_taken_out_of_the_request():
    r = read("五栋二单元楼梯灯不亮", "")
    assert r.place.buildings == {5: {2}} and set(r.concepts) == {"light"} and not r.words
    assert read("8号楼楼道灯", "").place.buildings == {8: set()}
    assert read("象山南路口的路灯不亮了").place.names == {"road:象山南路"}
    assert read("菜市场前面的路修一下").place.names == {"market"}  # 前面的路 is not a road name

    def same(a, b):
        return same_place(read(a[0], a[1]).place, read(b[0], b[1]).place)

    assert same(("", "5栋2单元"), ("", "5栋")) == 1.0
    assert same(("", "5栋1单元"), ("", "5栋2单元")) == 0.0  # mode (a), as the docs' example
    assert same(("", "4栋"), ("", "14栋")) == 0.0
    assert same(("", "象山南路"), ("", "象山北路")) == 0.0
    assert same(("", "小区东门"), ("东门口加装路灯", "")) == 1.0
    assert same(("", "小区东门"), ("", "小区西门")) == 0.0
    assert same(("", "系马桩"), ("", "系马桩")) == 1.0  # a landmark the lexicon does not know
    assert same(("", "3栋"), ("", "")) == 0.5  # one names no place: no mode is suggested


def test_same_request_found_and_same_place_alone_not():
    """The original test, now at the real threshold (it needed 0.2 before)."""
    items = [
        Item(1, "3栋楼道灯坏了，晚上很黑 照明", "3栋"),
        Item(2, "修好3栋的楼道灯 照明", "3栋2单元"),
        Item(3, "菜市场旁建公共厕所 公共厕所", "菜市场旁"),
        Item(4, "菜市场旁安装监控 安防", "菜市场旁"),
        Item(5, "小广场增设健身器材 健身器材", "小广场", (28.68, 115.89)),
        Item(6, "广场安装健身器材 健身器材", "广场东侧", (28.6801, 115.8901)),
    ]
    pairs = {(p.a, p.b): p for p in likely_duplicates(items)}
    assert THRESHOLD == 0.35
    assert (1, 2) in pairs and (5, 6) in pairs
    assert (3, 4) not in pairs
    assert pairs[(1, 2)].mode == "b" and pairs[(5, 6)].mode == "b"  # 3栋 holds 3栋2单元; 15 m apart


def test_same_request_elsewhere_is_a_mode_a_suggestion_ranked_below_the_same_place():
    items = [Item(1, "3栋楼道灯坏了", "3栋"), Item(2, "3栋楼梯间没有照明", "3栋"),
             Item(3, "7栋楼道灯坏了", "7栋"), Item(4, "7栋楼道没有扶手", "7栋")]
    pairs = likely_duplicates(items)
    assert [(p.a, p.b, p.mode) for p in pairs][0] == (1, 2, "b")
    assert {(p.a, p.b): p.mode for p in pairs}.get((1, 3)) == "a"
    assert not any(4 in (p.a, p.b) for p in pairs)  # 楼道 in common is not the same need


def test_fast_for_450_projects():
    rng = random.Random(1)
    words = ["楼道灯", "健身器材", "公共厕所", "停车位", "下水道", "监控", "绿化", "座椅", "宣传栏", "路面"]
    places = [f"{n}栋" for n in range(1, 40)] + ["广场", "菜市场", "幼儿园"]
    items = [Item(i, f"{rng.choice(places)}{rng.choice(words)}{rng.choice(['坏了', '增设', '改造'])}",
                  rng.choice(places)) for i in range(450)]
    likely_duplicates(items[:2])  # the dictionary is built once per process, not per request
    start = time.perf_counter()
    pairs = likely_duplicates(items)
    assert time.perf_counter() - start < 2.0
    assert len(pairs) == 30 and all(p.text >= THRESHOLD for p in pairs)
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)
