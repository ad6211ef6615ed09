"""The participation page: every figure of one edition, optionally beside another edition's,
as a chart and as a table. Figures are read once per log head (cache) and labelled in the
reader's language when shown."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.insights.analytics import figures as f
from xihu.apps.insights.analytics.charts import Row, hbar_svg
from xihu.apps.insights.cache import cached
from xihu.apps.proposals.models import Channel, CollectorType
from xihu.apps.voting.ages import AgeBand


def _named(point: f.Point) -> str:
    return point.name_en if (get_language() or "").startswith("en") and point.name_en else point.name


def _choice(choices) -> Callable[[f.Point], str]:
    return lambda p: str(choices(p.key).label) if p.key in choices.values else (p.key or _("unknown"))


def _day(point: f.Point) -> str:
    return _("day %(n)s (%(date)s)") % {"n": point.key, "date": point.name[5:]}


def _age(point: f.Point) -> str:
    return str(AgeBand(point.key).label) if point.key else _("not recorded")


@dataclass(frozen=True)
class Spec:
    key: str
    section: str
    title: object
    selector: Callable[[Edition], list[f.Point]] | None
    label: Callable[[f.Point], str]
    percent: bool = False
    decimal: bool = False
    note: Callable[[f.Point], str] | None = None
    activity: str = ""  # a column of f.organisation_activity instead of a selector of its own


SPECS = [
    Spec("channel", "collection", gettext_lazy("Proposals per channel"), f.proposals_by_channel,
         _choice(Channel)),
    Spec("collector", "collection", gettext_lazy("Proposals per collector type"), f.proposals_by_collector,
         _choice(CollectorType)),
    Spec("visits", "collection", gettext_lazy("Door-to-door visits per collector type"), f.visits_by_collector,
         _choice(CollectorType), note=lambda p: _("%(n)s proposals given") % {"n": p.extra["proposals"]}),
    Spec("yield", "collection", gettext_lazy("Proposals per 100 visits, by who went"), f.yield_by_collector,
         _choice(CollectorType), decimal=True, note=lambda p: f"{p.extra['proposals']} / {p.extra['visits']}"),
    Spec("org_proposals", "collection", gettext_lazy("Proposals per social organisation"),
         f.proposals_by_organisation, _named),
    Spec("org_visits", "collection", gettext_lazy("Visits per social organisation"), f.visits_by_organisation,
         _named),
    Spec("building_proposals", "collection", gettext_lazy("Proposals per building (most first)"),
         f.proposals_by_building, _named),
    Spec("building_visits", "collection", gettext_lazy("Visits per building (most first)"),
         f.visits_by_building, _named),
    Spec("turnout_unit", "turnout", gettext_lazy("Turnout per street and community (% of residents)"),
         f.turnout_by_unit, _named, percent=True,
         note=lambda p: f"{p.extra['voters']:,} / {p.extra['residents']:,}"),
    Spec("turnout_day", "turnout", gettext_lazy("Voters per day of the voting week"), f.turnout_by_day, _day),
    Spec("turnout_station", "turnout", gettext_lazy("Voters per polling station"), f.turnout_by_station,
         _named),
    Spec("turnout_age", "turnout", gettext_lazy("Voters per age group"), f.turnout_by_age, _age),
    Spec("org_collection", "organisations", gettext_lazy("Collection: door-to-door visits per organisation"),
         None, _named, activity="visits"),
    Spec("org_assembly", "organisations", gettext_lazy("Assemblies: technical advisers seated per organisation"),
         None, _named, activity="advisers"),
    Spec("org_voting", "organisations", gettext_lazy("Voting: station shifts worked by members"),
         None, _named, activity="shifts", note=lambda p: _("%(n)s stations") % {"n": p.extra["stations"]}),
    Spec("org_counting", "organisations", gettext_lazy("Counting: count sessions attended by members"),
         None, _named, activity="counts"),
]
SECTIONS = [("collection", gettext_lazy("Collection")), ("turnout", gettext_lazy("Turnout")),
            ("organisations", gettext_lazy("Social organisations in each stage"))]


def figure_data(edition: Edition) -> dict[str, list[f.Point]]:
    """Every figure's points, read once per log head."""
    def compute() -> dict[str, list[f.Point]]:
        activity = f.organisation_activity(edition)
        return {spec.key: [f.Point(p.key, p.extra[spec.activity], p.name, p.name_en, p.extra)
                           for p in activity] if spec.activity else spec.selector(edition)
                for spec in SPECS}

    return cached("analytics", edition, compute)


def _text(value: float | None, spec: Spec) -> str:
    if value is None:
        return "—"
    if spec.percent:
        return f"{value:.1f}%"
    return f"{value:.1f}" if spec.decimal else f"{int(value):,}"


@dataclass
class FigureView:
    key: str
    title: str
    svg: str
    header: list[str]
    rows: list[list[str]]
    has_extra: bool


def _figure(spec: Spec, points: list[f.Point], other: list[f.Point] | None, names: list[str]) -> FigureView:
    mine = {p.key: p for p in points}
    theirs = {p.key: p for p in other or []}
    keys = list(mine) + [k for k in theirs if k not in mine]
    rows, table = [], []
    for key in keys:
        point = mine.get(key) or theirs[key]
        values = (mine[key].value if key in mine else None,) + (
            ((theirs[key].value if key in theirs else None),) if other is not None else ())
        texts = tuple(_text(v, spec) for v in values)
        label = spec.label(point)
        rows.append(Row(label, values, texts))
        table.append([label, *texts] + ([spec.note(point)] if spec.note and key in mine else
                                        [""] if spec.note else []))
    top = max(rows, key=lambda r: r.values[0] or 0, default=None)
    description = _("Bar chart of %(n)s bars.") % {"n": len(rows)}
    if top is not None and top.values[0]:
        description += " " + _("Largest: %(label)s, %(value)s.") % {"label": top.label, "value": top.texts[0]}
    svg = hbar_svg(chart_id=f"fig-{spec.key}", title=str(spec.title), description=description,
                   rows=rows, series=names)
    return FigureView(spec.key, str(spec.title), svg, names, table, spec.note is not None)


def analytics_context(edition: Edition, compare_slug: str = "") -> dict:
    others = list(Edition.objects.filter(district=edition.district).exclude(pk=edition.pk)
                  .order_by("-created_at"))
    other = next((e for e in others if e.slug == compare_slug), None)
    data = figure_data(edition)
    other_data = figure_data(other) if other else None
    names = [str(edition)] + ([str(other)] if other else [])
    views = {spec.key: _figure(spec, data[spec.key], other_data[spec.key] if other_data else None, names)
             for spec in SPECS}
    sections = [(key, label, [views[s.key] for s in SPECS if s.section == key]) for key, label in SECTIONS]
    return {"edition": edition, "other": other, "others": others, "sections": sections,
            "series": names, "compare_unknown": bool(compare_slug) and other is None}
