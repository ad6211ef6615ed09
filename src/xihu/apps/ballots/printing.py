"""PDF rendering for ballots and table sheets: WeasyPrint (imported lazily, it is slow to import)
with a CJK font. Without a CJK font Chinese prints as boxes, so `cjk_font_problem()` says so
clearly and every PDF page shows the warning to whoever prints it."""

import base64
import io
import logging
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

CJK_FONT_FILES = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]
FONT_FAMILY = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif'


@lru_cache(maxsize=1)
def cjk_font_available() -> bool:
    """True when fontconfig (what WeasyPrint uses) knows a font that covers Chinese."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True,  # noqa: S603 - fixed arguments
                                   timeout=10, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found.strip():
            return True
    return any(Path(p).exists() for p in CJK_FONT_FILES)


def cjk_font_problem() -> str | None:
    """A clear warning when no CJK font is installed, else None."""
    if cjk_font_available():
        return None
    message = _("No Chinese (CJK) font is installed: Chinese text would print as empty boxes. "
                "Install the Debian package fonts-wqy-microhei on the server.")
    log.warning(message)
    return message


def _document(template: str, context: dict):
    from weasyprint import HTML  # lazy: importing WeasyPrint takes about 0.4 s

    html = render_to_string(template, {**context, "font_family": FONT_FAMILY,
                                       "font_problem": cjk_font_problem()})
    return HTML(string=html).render()


def render_pdf(template: str, context: dict) -> bytes:
    return _document(template, context).write_pdf()


def page_count(template: str, context: dict) -> int:
    """How many pages the template lays out to (without writing the PDF)."""
    return len(_document(template, context).pages)


def qr_data_uri(text: str) -> str:
    """A QR code encoding exactly `text`, as an SVG data URI for an <img>."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=1,
                        error_correction=qrcode.constants.ERROR_CORRECT_M)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
