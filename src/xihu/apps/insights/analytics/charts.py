"""Server-rendered SVG bar charts, small enough to read (see docs/decisions.md: why not pygal).

Horizontal bars, each label on its own line above its bars, so a long Chinese name never
collides with an axis and the chart reads the same at 390 px on a phone as on A4 paper. One
bar per series (one edition, or two when comparing), the value printed after each bar. The SVG
is an image with a title and a description for screen readers (role="img"); the numbers are
also in a table next to it. No script, no external file, scales with its container."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 360
FONT_SIZE = 14  # drawn 360 wide, shown about 330 px wide on a 390 px phone: 12-13 px text
LABEL = 18      # label line height
BAR = 14        # bar height
GAP = 3         # between bars of one row
ROW_GAP = 10    # between rows
VALUE_ROOM = 70  # room kept right of the longest bar for its value
COLOURS = ("#1d4f91", "#c9771a")  # blue and orange: apart for colour-blind readers, dark enough on white
FONT = '"Noto Sans CJK SC","WenQuanYi Micro Hei","PingFang SC","Microsoft YaHei",sans-serif'
MAX_LABEL = 24  # characters; longer labels end with "…" (the table has them whole)


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[float | None, ...]  # one per series; None: not in that edition
    texts: tuple[str, ...]            # the values as printed


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def hbar_svg(*, chart_id: str, title: str, description: str, rows: list[Row],
             series: list[str]) -> SafeString:
    """The chart as inline SVG. `series` names the bars of each row (for the description)."""
    count = max(1, len(series))
    top = max((v for r in rows for v in r.values if v), default=0) or 1
    row_height = LABEL + count * (BAR + GAP) + ROW_GAP
    height = max(row_height * len(rows), 24) + 4
    span = WIDTH - VALUE_ROOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" font-family=\'{FONT}\' font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(description)}</desc>',
    ]
    if not rows:
        parts.append('<text x="0" y="16" fill="#555">—</text>')
    for index, row in enumerate(rows):
        y = index * row_height
        parts.append(f'<text x="0" y="{y + LABEL - 4}" fill="#1b1b1b">{escape(_short(row.label))}</text>')
        for s, (value, text) in enumerate(zip(row.values, row.texts, strict=True)):
            bar_y = y + LABEL + s * (BAR + GAP)
            length = 0.0 if not value else max(1.5, span * value / top)
            parts.append(f'<rect x="0" y="{bar_y}" width="{length:.1f}" height="{BAR}" rx="2" '
                         f'fill="{COLOURS[s % len(COLOURS)]}"/>')
            parts.append(f'<text x="{length + 4:.1f}" y="{bar_y + BAR - 2}" fill="#1b1b1b" '
                         f'font-weight="600">{escape(text)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped  # nosec B308 B703
