"""Find every form of the site as a person of each role finds it: every route of the URLconf
with its parameters filled from the database, fetched as that person, and every POST form on the
page read from its HTML (action, fields, the choices of selects, checkboxes and radios)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import islice, product
from urllib.parse import urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver

SKIP_PREFIXES = ("admin/", "api/", "i18n/")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".zip", ".json")  # downloads: no forms, slow to render


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, number, file, ...
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    value: str = ""


@dataclass
class Form:
    role: str
    page: str
    action: str
    fields: dict[str, Field]

    @property
    def key(self) -> tuple:
        return self.role, urlsplit(self.action).path, tuple(sorted(self.fields))


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[tuple[dict, dict[str, Field]]] = []
        self._select: Field | None = None
        self._form = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = (a, {})
            self.forms.append(self._form)
        elif self._form is None or not a.get("name"):
            if tag == "option" and self._select is not None:
                self._select.options.append(a.get("value", ""))
            return
        elif tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                if a.get("name"):
                    self._form[1].setdefault(a["name"], Field(a["name"], "hidden", value=a.get("value", "")))
                return
            known = self._form[1].get(a["name"])
            if known and kind in ("checkbox", "radio"):
                known.options.append(a.get("value", "on"))
                known.multiple = known.multiple or kind == "checkbox"
            else:
                self._form[1][a["name"]] = Field(a["name"], kind, [a.get("value", "on")]
                                                 if kind in ("checkbox", "radio") else [],
                                                 multiple=False, value=a.get("value", ""))
        elif tag == "textarea":
            self._form[1][a["name"]] = Field(a["name"], "textarea")
        elif tag == "select":
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._form[1][a["name"]] = self._select
        elif tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def post_forms(html: str, page: str, role: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    found = []
    for attrs, fields in parser.forms:
        if attrs.get("method", "get").lower() != "post":
            continue
        fields.pop("csrfmiddlewaretoken", None)
        found.append(Form(role, page, urljoin(page, attrs.get("action") or page), fields))
    return found


def routes(patterns=None, prefix: str = ""):
    """(route, converters by parameter name) of every URL pattern."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            converters = {**getattr(p.pattern, "converters", {})}
            yield route, converters


def _fill(route: str, values: dict[str, str]) -> str:
    import re

    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


def urls(values_for) -> list[str]:
    """Concrete URLs: each route with up to a few combinations of parameter values."""
    import re

    found = []
    for route, _converters in routes():
        if route.startswith(SKIP_PREFIXES) or route.endswith(SKIP_SUFFIXES) or "^" in route:
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        choices = [values_for(name) for name in names]
        for combo in islice(product(*choices), 4):
            found.append("/" + _fill(route, dict(zip(names, combo, strict=True))))
    return sorted(set(found))
