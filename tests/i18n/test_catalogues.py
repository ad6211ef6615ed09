"""Every page and message exists in Simplified Chinese: catalogues complete and compiled."""

import gettext

import polib
import pytest

from scripts.compile_messages import catalogues


def test_there_are_catalogues():
    assert any("zh_Hans" in str(p) for p in catalogues())


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: str(p.parent.parent.parent.parent.name))
def test_catalogue_is_complete_and_compiled(po_path):
    po = polib.pofile(str(po_path))
    missing = [e.msgid for e in po if not e.translated() and not e.obsolete]
    assert not missing, f"untranslated in {po_path}: {missing[:10]}"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} missing: run `make messages`"
    with mo_path.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    def compiled_text(entry):
        if entry.msgctxt:
            return compiled.pgettext(entry.msgctxt, entry.msgid)
        return compiled.gettext(entry.msgid)

    stale = [e.msgid for e in po if e.msgid and not e.msgid_plural and compiled_text(e) != e.msgstr]
    assert not stale, f"{mo_path} is older than its .po: run `make messages` ({stale[:5]})"
