"""Compile the .po catalogues to .mo with polib (no GNU gettext needed), and optionally fill
translations from a JSON file of {msgid: msgstr}: `python scripts/compile_messages.py [zh.json]`."""

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "src" / "xihu" / "locale"


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
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(LOCALE)}: {po.percent_translated()}% translated")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        mapping = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
        print("filled", fill(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po", mapping))
    compile_all()
