"""The msgids the code and the templates use: gettext calls found with `ast` in .py files, and
the translate/blocktranslate tags of templates through Django's own `templatize` (what
`makemessages` reads), so no GNU gettext is needed."""

import ast
import re

GETTEXT = {"_", "gettext", "gettext_lazy", "gettext_noop", "_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}

def py_msgids(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
            if name in GETTEXT and node.args:
                args = node.args
                if name.startswith("pgettext"):
                    if len(args) >= 2 and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args[:2]):
                        yield (args[0].value, args[1].value, node.lineno)
                    continue
                if isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                    yield (None, args[0].value, node.lineno)

def tpl_msgids(path):
    from django.utils.translation.template import templatize
    out = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for m in re.finditer(r"\b(n?p?gettext)\(((?:u?'(?:[^'\\]|\\.)*'\s*,?\s*)+)", out):
        strings = re.findall(r"'((?:[^'\\]|\\.)*)'", m.group(2))
        strings = [s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8") for s in strings]
        if m.group(1).startswith("pgettext") or m.group(1) == "npgettext":
            yield (strings[0], strings[1], 0)
        else:
            yield (None, strings[0], 0)


def used_msgids(root):
    """(context, msgid, file) for every translatable string under `root` (migrations aside)."""
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.html")]):
        if "migrations" in path.parts:
            continue
        found = py_msgids(path) if path.suffix == ".py" else tpl_msgids(path)
        for context, msgid, _line in found:
            yield context, msgid, path
