"""Proposals from a spreadsheet: labels in either language, row-numbered errors, one ledger
entry per batch without private data."""

import pytest

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.proposals.importing import parse_proposals
from xihu.apps.proposals.models import Project, Proposal
from xihu.apps.proposals.services import proposals_import
from xihu.errors import Refused


def test_import_and_ledger(tree, people, edition, organisation):
    data = ("内容,地点,类别,层级,渠道,征集人,社会组织,楼栋,提议人,联系方式\n"
            "3栋楼道灯不亮,3栋,照明,社区,入户,志愿者,南大志愿者,3栋,王芳,13800000001\n"
            "菜市场旁建公共厕所,菜市场,public toilets,街道,摆点,工作人员,,,李强,13800000002\n").encode()
    lines = parse_proposals(data, "p.csv")
    made = proposals_import(edition=edition, community=tree["s1a"], lines=lines, actor=people["staff_s1a"])
    assert [p.category for p in made] == ["lighting", "toilet"]
    assert made[0].organisation == organisation and made[1].level == "street"
    street_project = Project.objects.live().get(unit=tree["s1"])
    assert street_project.level == "street"
    entry = LedgerEntry.objects.get(action="proposal.import")
    assert entry.payload["count"] == 2
    assert "1380000000" not in str(entry.payload) and "王芳" not in str(entry.payload)


def test_bad_rows_reported_by_number(tree, people, edition):
    data = ("内容,类别,渠道,社会组织\n"
            "好,照明,入户,\n"                 # row 2: content too short
            "修路面坑洼,不存在的类别,入户,\n"    # row 3: unknown category
            "修路面坑洼,道路,飞鸽,\n"           # row 4: unknown channel
            "修路面坑洼,道路,入户,无此组织\n").encode()  # row 5
    with pytest.raises(Refused) as refused:
        parse_proposals(data, "p.csv")
    text = " | ".join(refused.value.reasons)
    for row in (2, 3, 4, 5):
        assert f"第{row}行" in text or f"Row {row}" in text, text
    assert Proposal.objects.count() == 0
