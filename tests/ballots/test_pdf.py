"""Printable ballots: Chinese text, numbers, amounts, the rule, the kind's colour, sheet IDs and
QR codes; rendered to PNG with pdftoppm. Set XIHU_KEEP_PDF=dir to keep the files and look."""

import os
import shutil

import pytest
from django.utils import translation

from tests.ballots.helpers import ranked_world
from tests.ballots.pdf_tools import pdf_pages_png, pdf_text, require_pdf_tools
from xihu.apps.ballots import services as svc
from xihu.apps.ballots.pdf import KIND_COLOURS, ballot_sheets_pdf


@pytest.fixture
def frozen(world):
    ranked = ranked_world(world, community_projects=12)
    officer = world["users"]["officer_s1"]
    for n, project in enumerate(ranked["projects"] + ranked["street_projects"], start=1):
        svc.quota_set(project=project, amount=10_000 * n, note="专家估算", actor=officer)
    community = svc.ballot_draw(edition=world["edition"], unit=world["units"]["s1a"], actor=officer,
                                project_ids=[p.pk for p in ranked["projects"]])
    street = svc.ballot_draw(edition=world["edition"], unit=world["units"]["s1"], actor=officer,
                             project_ids=[p.pk for p in ranked["street_projects"]])
    return svc.ballot_freeze(ballot=community, actor=officer), svc.ballot_freeze(ballot=street, actor=officer)


def _keep(tmp_path, name):
    target = os.environ.get("XIHU_KEEP_PDF")
    if target:
        os.makedirs(target, exist_ok=True)
        for path in tmp_path.iterdir():
            shutil.copy(path, os.path.join(target, f"{name}-{path.name}"))


def test_ballot_sheets_pdf_text_and_png(frozen, tmp_path):
    require_pdf_tools()
    community, _street = frozen
    with translation.override("zh-hans"):
        pdf = ballot_sheets_pdf(community, [1, 2, 3])
    text = pdf_text(pdf, tmp_path)
    for n in range(1, 13):
        assert f"社区项目{n:02d}" in text
    assert "社区票" in text and "最多勾选 5 个项目" in text and "无效" in text
    assert f"本选票预算：{community.budget:,} 元" in text  # thousands separators (300,000)
    assert "120,000" in text and f"B{community.pk}-000001" in text and f"B{community.pk}-000003" in text
    pages = pdf_pages_png(pdf, tmp_path)
    assert len(pages) == 3 and all(p.stat().st_size > 5000 for p in pages)
    _keep(tmp_path, "community")


def test_each_kind_has_its_own_colour(frozen, tmp_path):
    require_pdf_tools()
    from PIL import Image

    community, street = frozen
    assert KIND_COLOURS["community"]["tint"] != KIND_COLOURS["street"]["tint"]
    corners = []
    for ballot in (community, street):
        folder = tmp_path / ballot.kind
        folder.mkdir()
        with translation.override("zh-hans"):
            pdf = ballot_sheets_pdf(ballot, [7])
        if ballot.kind == "street":
            assert "街道票" in pdf_text(pdf, folder) and "街道项目01" in pdf_text(pdf, folder)
        png, = pdf_pages_png(pdf, folder)
        corners.append(Image.open(png).convert("RGB").getpixel((3, 3)))
    assert corners[0] != corners[1]
    assert corners[0] == tuple(int(KIND_COLOURS["community"]["tint"][i:i + 2], 16) for i in (1, 3, 5))


def test_qr_code_encodes_exactly_the_sheet_id(frozen):
    """The drawn modules of the SVG equal the QR matrix of the sheet ID, module for module."""
    import base64
    import re

    import qrcode

    from xihu.apps.ballots.printing import qr_data_uri
    from xihu.apps.ballots.sheets import parse_sheet_id, sheet_id

    community, _street = frozen
    text = sheet_id(community.pk, 42)
    assert parse_sheet_id(text) == (community.pk, 42)
    svg = base64.b64decode(qr_data_uri(text).split(",", 1)[1]).decode()
    drawn = {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", svg)}
    code = qrcode.QRCode(border=1, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    expected = {(x, y) for y, row in enumerate(code.get_matrix()) for x, dark in enumerate(row) if dark}
    assert drawn == expected
