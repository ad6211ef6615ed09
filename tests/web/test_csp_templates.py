"""The enforced Content-Security-Policy allows scripts and styles from the site's own files only:
no template may hold an inline <script> (json_script's output is rendered, never written in a
template), a <style> element, a style= attribute, an on*= handler or a javascript: URL.
tests/e2e/test_csp_pages.py loads the rendered pages under the policy in Chromium."""

import re
from pathlib import Path

import pytest

import xihu

ROOT = Path(xihu.__file__).parent
# *_pdf.html are laid out by WeasyPrint into PDF files (their <style> included), never served.
TEMPLATES = sorted(p for p in ROOT.rglob("templates/**/*.html") if not p.name.endswith("_pdf.html"))

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I | re.S)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I | re.S)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)
RULES = {"inline <script>": INLINE_SCRIPT, "<style> element": STYLE_ELEMENT,
         "style= attribute": STYLE_ATTRIBUTE, "on*= handler": HANDLER, "javascript: URL": JS_URL}


def offences(text: str) -> list[str]:
    return [name for name, rule in RULES.items() if rule.search(text)]


def test_the_scan_finds_templates():
    assert len(TEMPLATES) > 50
    assert ROOT / "templates" / "base.html" in TEMPLATES


@pytest.mark.parametrize("text, found", [
    ('<script>alert(1)</script>', ["inline <script>"]),
    ('<script type="module">x()</script>', ["inline <script>"]),
    ('<script src="/static/a.js" defer></script>', []),
    ('<span class="w-10"></span>', []),
    ('<span style="width:10%"></span>', ["style= attribute"]),
    ('<div\n  class="x"\n  STYLE="color:red">', ["style= attribute"]),
    ('<button onclick="go()">', ["on*= handler"]),
    ('<body onload=go()>', ["on*= handler"]),
    ('<style>p{}</style>', ["<style> element"]),
    ('<a href="javascript:go()">', ["javascript: URL"]),
    ('<p>style="not an attribute" is text, and so is onclick="x"</p>', []),
    ('{{ data|json_script:"figures" }}', []),
])
def test_the_rules_catch_what_the_policy_blocks(text, found):
    assert offences(text) == found


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_needs_an_unsafe_inline_policy(path):
    assert offences(path.read_text(encoding="utf-8")) == []
