"""Spreadsheet safety, per OWASP's CSV injection guidance: a cell whose text begins with = + - @
TAB or CR is read by Excel, LibreOffice and WPS as a formula (e.g. "=cmd|' /C calc'!A0").

`neutralise` is applied to every text cell that the platform writes into a CSV file: such a cell
gets a leading apostrophe, so it is shown as the text it is. In an XLSX file `as_text` stores it
as a string with Excel's quote prefix (the same apostrophe, but not part of the text). Numbers written as numbers
(and text that is a plain number, like "-5") are left alone. `formula_start` lets importers
refuse such text at the door."""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def formula_start(text: str) -> str | None:
    """The character that makes `text` a formula in a spreadsheet, or None."""
    if text and text.startswith(FORMULA_START) and not _NUMBER.match(text):
        return text[0]
    return None


def neutralise(value):
    """The value to write into a cell: text that would be a formula gets a leading apostrophe."""
    if isinstance(value, str) and formula_start(value):
        return "'" + value
    return value


def as_text(cell):
    """An openpyxl cell whose text would be a formula, stored as text with the quote prefix."""
    if isinstance(cell.value, str) and formula_start(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
