"""Every ballot from 1 to MAX_BALLOT_ITEMS projects prints each sheet on one A4 page, its sheet ID
and QR code on the same page as its projects (issue 14.3): rendered and read back per page."""

import subprocess

import pytest
from django.utils import translation

from tests.ballots.pdf_tools import require_pdf_tools
from xihu.apps.ballots import services as svc
from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.ballots.pdf import ballot_sheets_pdf
from xihu.apps.proposals.models import Project
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
FILLER = "在小区主干道和楼栋之间更换老化的路灯并加装节能灯具以及夜间照明感应装置方便老人夜间出行"


def _page_texts(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "sheets.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, pages + 1)]


@pytest.mark.parametrize("title_length", [10, 40, 60])
def test_one_sheet_per_page_for_every_item_count(world, tmp_path, title_length):
    require_pdf_tools()
    edition, unit, creator = world["edition"], world["units"]["s1a"], world["users"]["officer_s1"]
    ballot = Ballot.objects.create(edition=edition, unit=unit, kind="community", max_choices=5, budget=300_000)
    for n in range(1, svc.MAX_BALLOT_ITEMS + 1):
        title = (f"{n:02d}号项目" + FILLER * 3)[:title_length]
        project = Project.objects.create(edition=edition, unit=unit, level="community", title=title,
                                         created_by=creator)
        BallotItem.objects.create(ballot=ballot, number=n, project=project, title=title, amount=9_990_000)
        with translation.override("zh-hans"):
            pages = _page_texts(ballot_sheets_pdf(ballot, [1, 2]), tmp_path)
        assert len(pages) == 2, (n, title_length, len(pages))
        for serial, text in enumerate(pages, start=1):
            assert f"B{ballot.pk}-{serial:06d}" in text, (n, title_length, serial)
            assert f"{n:02d}号项目" in text and "01号项目" in text, (n, title_length, serial)


def test_a_ballot_lists_at_most_max_ballot_items(world):
    from tests.ballots.helpers import ranked_world

    ranked = ranked_world(world, community_projects=svc.MAX_BALLOT_ITEMS + 1)
    officer = world["users"]["officer_s1"]
    for project in ranked["projects"]:
        svc.quota_set(project=project, amount=1_000, note="专家估算", actor=officer)
    ids = [p.pk for p in ranked["projects"]]
    with pytest.raises(Refused, match=f"at most {svc.MAX_BALLOT_ITEMS} projects"):
        svc.ballot_draw(edition=world["edition"], unit=world["units"]["s1a"], project_ids=ids, actor=officer)
    assert not Ballot.objects.filter(unit=world["units"]["s1a"]).exists()
    ballot = svc.ballot_draw(edition=world["edition"], unit=world["units"]["s1a"], project_ids=ids[:-1],
                             actor=officer)
    assert ballot.items.count() == svc.MAX_BALLOT_ITEMS
