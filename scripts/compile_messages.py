"""Compile every .po catalogue under src/xihu to .mo with polib (no GNU gettext needed).

    python scripts/compile_messages.py                 compile all catalogues
    python scripts/compile_messages.py PO_FILE JSON    first fill PO_FILE from {msgid: msgstr}
"""

import json
import sys
from pathlib import Path

import polib

SOURCE = Path(__file__).resolve().parent.parent / "src" / "xihu"


def catalogues() -> list[Path]:
    return sorted(SOURCE.glob("**/locale/*/LC_MESSAGES/django.po"))


def fill(po_path: Path, translations: dict[str, str]) -> int:
    po = polib.pofile(str(po_path))
    filled = 0
    for entry in po:
        if entry.msgid in translations:
            entry.msgstr = translations[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
    po.save()
    return filled


def compile_all() -> None:
    for po_path in catalogues():
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(SOURCE)}: {po.percent_translated()}% translated")


if __name__ == "__main__":
    if len(sys.argv) == 3:
        mapping = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
        print("filled", fill(Path(sys.argv[1]), mapping))
    compile_all()
