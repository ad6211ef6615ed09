"""Printable ballot sheets: one A4 page per sheet, in the ballot kind's colour, with the rule,
each project's number, title, amount and a box to tick, and the sheet ID with its QR code."""

from xihu.apps.ballots.models import Ballot, BallotKind
from xihu.apps.ballots.printing import qr_data_uri, render_pdf
from xihu.apps.ballots.sheets import sheet_id

# Printed on different colours (PROCESS.md 3.5): a pale tint for the page and a strong band.
KIND_COLOURS = {
    BallotKind.COMMUNITY: {"tint": "#fff4d6", "band": "#b36b00", "name": "yellow"},
    BallotKind.STREET: {"tint": "#e3f0ff", "band": "#1d4f91", "name": "blue"},
}


def ballot_sheets_pdf(ballot: Ballot, serials: list[int]) -> bytes:
    """The sheets with the given serial numbers of a (frozen) ballot."""
    items = list(ballot.items.order_by("number"))
    sheets = [{"id": sheet_id(ballot.pk, s), "qr": qr_data_uri(sheet_id(ballot.pk, s))} for s in serials]
    return render_pdf("ballots/sheet_pdf.html", {
        "ballot": ballot, "items": items, "sheets": sheets, "colour": KIND_COLOURS[ballot.kind],
        "edition": ballot.edition, "unit": ballot.unit,
    })
