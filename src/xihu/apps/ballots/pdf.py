"""Printable ballot sheets: one A4 page per sheet, in the ballot kind's colour, with the rule,
each project's number, title, amount and a box to tick, and the sheet ID with its QR code."""

from xihu.apps.ballots.models import Ballot, BallotKind
from xihu.apps.ballots.printing import page_count, qr_data_uri, render_pdf
from xihu.apps.ballots.sheets import sheet_id

# Printed on different colours (PROCESS.md 3.5): a pale tint for the page and a strong band.
KIND_COLOURS = {
    BallotKind.COMMUNITY: {"tint": "#fff4d6", "band": "#b36b00", "name": "yellow"},
    BallotKind.STREET: {"tint": "#e3f0ff", "band": "#1d4f91", "name": "blue"},
}


# Type sizes for the project rows, largest first: (pt, row padding in mm, tick box in mm). The
# estimate below skips sizes that cannot fit; then one sheet is laid out at each size until it
# fits one page (at most a few layouts per print run), so the sheet ID and QR code always print
# on the page of their projects, whatever the number (up to MAX_BALLOT_ITEMS) and length of titles.
SIZES = [(11.5, 1.6, 8.0), (10.5, 1.2, 7.0), (9.5, 0.9, 6.0), (8.5, 0.6, 5.0), (7.5, 0.4, 4.5),
         (6.5, 0.3, 4.0), (6.0, 0.2, 3.6), (5.5, 0.2, 3.2)]
TABLE_MM = 180  # what the rows may take of the A4 page in the estimate
TITLE_MM = 118  # width of the title column
PT_MM = 0.3528


def _rows_mm(titles: list[str], pt: float, pad: float, box: float) -> float:
    """A lower estimate of the rows' height (a CJK character is about 1 em wide)."""
    em = pt * PT_MM
    per_line = max(1, int(TITLE_MM / em))
    height = 0.0
    for title in titles:
        lines = -(-max(1, len(title)) // per_line)
        height += max(lines * 1.3 * em, box) + 2 * pad + 0.3
    return height + 1.3 * em + 2 * pad  # the header row


def _size(size: tuple[float, float, float]) -> dict:
    return {"pt": size[0], "pad": size[1], "box": size[2]}


def layout(titles: list[str], context: dict) -> dict:
    """The largest type at which one sheet of the ballot lays out to one page."""
    candidates = [s for s in SIZES if _rows_mm(titles, *s) <= TABLE_MM] or SIZES[-1:]
    for size in candidates[:-1]:
        if page_count("ballots/sheet_pdf.html", {**context, "rows": _size(size)}) == 1:
            return _size(size)
    return _size(candidates[-1])


def _sheet(ballot: Ballot, serial: int) -> dict:
    return {"id": sheet_id(ballot.pk, serial), "qr": qr_data_uri(sheet_id(ballot.pk, serial))}


def _context(ballot: Ballot, items: list) -> dict:
    return {"ballot": ballot, "items": items, "colour": KIND_COLOURS[ballot.kind],
            "edition": ballot.edition, "unit": ballot.unit}


def prints_on_one_page(ballot: Ballot) -> bool:
    """Whether a sheet of the ballot prints on one page at the smallest type. Laid out only when
    the estimate says it is tight (many projects with long titles), so most ballots cost nothing."""
    items = list(ballot.items.order_by("number"))
    if _rows_mm([i.title for i in items], *SIZES[-1]) <= TABLE_MM / 2:
        return True
    context = {**_context(ballot, items), "sheets": [_sheet(ballot, 1)], "rows": _size(SIZES[-1])}
    return page_count("ballots/sheet_pdf.html", context) == 1


def ballot_sheets_pdf(ballot: Ballot, serials: list[int]) -> bytes:
    """The sheets with the given serial numbers of a (frozen) ballot."""
    items = list(ballot.items.order_by("number"))
    sheets = [_sheet(ballot, s) for s in serials]
    context = _context(ballot, items)
    rows = layout([i.title for i in items], {**context, "sheets": sheets[:1]})
    return render_pdf("ballots/sheet_pdf.html", {**context, "sheets": sheets, "rows": rows})
