"""The summary table prints in Chinese: WeasyPrint renders it, pdftotext reads the Chinese back
and pdftoppm rasterises the first page. Skips clearly without the tools or a CJK font, unless
XIHU_REQUIRE_PDF=1."""

import os
import shutil
import subprocess

import pytest

from xihu.apps.proposals.exports import summary_pdf
from xihu.apps.proposals.selectors.summary import summary_table


def _need(condition: bool, what: str) -> None:
    if condition:
        return
    if os.environ.get("XIHU_REQUIRE_PDF") == "1":
        pytest.fail(f"{what} is required (XIHU_REQUIRE_PDF=1)")
    pytest.skip(f"{what} not found: PDF check skipped (install poppler-utils and fonts-wqy-microhei)")


def _cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(out.stdout.strip())


def test_summary_pdf_has_chinese_text(edition, tree, make_proposals, tmp_path):
    _need(bool(shutil.which("pdftotext") and shutil.which("pdftoppm")), "pdftotext/pdftoppm")
    _need(_cjk_font(), "a CJK font")
    make_proposals("s1a", 6)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(summary_table(edition, tree["s1a"])))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "项目征集汇总表" in text and "楼道灯" in text and "公共厕所" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    page = next(tmp_path.glob("page*.png"))
    assert page.stat().st_size > 5000
    if os.environ.get("XIHU_KEEP_PDF_PNG"):
        shutil.copy(page, os.environ["XIHU_KEEP_PDF_PNG"])


def test_pdf_view(client, edition, make_proposals):
    _need(_cjk_font(), "a CJK font")
    make_proposals("s1a", 2)
    response = client.get("/editions/pilot/proposals/s1a/summary.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
