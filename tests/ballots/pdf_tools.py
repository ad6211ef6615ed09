"""PDF checks need poppler (pdftotext, pdftoppm) and a CJK font: skip clearly without them,
unless XIHU_REQUIRE_PDF=1 (CI), where their absence fails."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from xihu.apps.ballots.printing import cjk_font_available


def require_pdf_tools() -> None:
    missing = [tool for tool in ("pdftotext", "pdftoppm") if shutil.which(tool) is None]
    if not cjk_font_available():
        missing.append("a CJK font (fonts-wqy-microhei)")
    if not missing:
        return
    message = "PDF checks need " + ", ".join(missing) + " (Debian: poppler-utils, fonts-wqy-microhei)"
    if os.environ.get("XIHU_REQUIRE_PDF") == "1":
        pytest.fail(message)
    pytest.skip(message)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages_png(pdf: bytes, tmp_path: Path, dpi: int = 60) -> list[Path]:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page*.png"))
