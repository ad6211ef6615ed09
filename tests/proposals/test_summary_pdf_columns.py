"""Issue 14, point 11: the summary PDF's category column keeps each category on one line (it
wrapped one character per line beside long titles and places). Rendered by WeasyPrint, read back
with pdftotext -bbox-layout: every category label's characters sit on one line of the page."""

import re
import subprocess

import pytest
from django.utils import translation

from tests.ballots.pdf_tools import require_pdf_tools
from xihu.apps.proposals.exports import summary_pdf
from xihu.apps.proposals.models import Category, Project
from xihu.apps.proposals.selectors.summary import summary_table

pytestmark = pytest.mark.django_db

LONG_TITLE = "在三栋和五栋之间的小广场上加装两盏太阳能路灯并更换损坏的楼道感应灯以方便老人夜间出行"
LONG_PLACE = "象山社区三栋一单元至五栋二单元之间的小广场及其周边的人行道和楼道入口"


def _lines(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return ["".join(re.findall(r">([^<]+)</word>", line)) for line in re.findall(r"<line[^>]*>(.*?)</line>", xml, re.S)]


def test_each_category_prints_on_one_line(edition, tree, make_proposals, tmp_path):
    require_pdf_tools()
    make_proposals("s1a", 6)
    categories = [Category.SECURITY, Category.ELDERLY, Category.CULTURE, Category.DRAINAGE,
                  Category.FITNESS, Category.SEATING]
    for project, category in zip(Project.objects.filter(unit=tree["s1a"]).order_by("pk"), categories, strict=False):
        Project.objects.filter(pk=project.pk).update(title=LONG_TITLE, location_text=LONG_PLACE, category=category)
    with translation.override("zh-hans"):
        table = summary_table(edition, tree["s1a"])
        labels = {str(row.category_label) for row in table.rows}
        lines = _lines(summary_pdf(table), tmp_path)
    assert len(labels) >= 3, labels
    whole = [label for label in labels if any(label in line for line in lines)]
    assert sorted(whole) == sorted(labels), (labels, [ln for ln in lines if len(ln) <= 2][:30])
