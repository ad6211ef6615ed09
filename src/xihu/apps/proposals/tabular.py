"""Read an uploaded CSV or XLSX sheet into numbered rows keyed by canonical column names.

Headers may be Chinese or English (aliases per importer). Row numbers are the spreadsheet's own
(the header is row 1), so an error report points at the line a clerk sees.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _

from xihu.errors import Refused
from xihu.inputs import FORBIDDEN_IN_TEXT


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]
    raw_dates: dict[str, date]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable file is the user's to fix
        raise Refused(_("The file is not a readable XLSX workbook (%(error)s).") % {"error": error}) from error
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(data: bytes) -> list[list[object]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Refused(_("The CSV file is neither UTF-8 nor GB18030 text."))
    return [list(r) for r in csv.reader(io.StringIO(text))]


def read_sheet(data: bytes, filename: str, aliases: dict[str, tuple[str, ...]],
               required: tuple[str, ...]) -> list[Row]:
    """Rows of the first sheet, keyed by canonical names; refuses with the missing columns."""
    raw = _xlsx_rows(data) if filename.lower().endswith((".xlsx", ".xlsm")) else _csv_rows(data)
    if not raw:
        raise Refused(_("The file is empty."))
    lookup = {alias.strip().lower(): key for key, names in aliases.items() for alias in (key, *names)}
    header = [lookup.get(_cell(h).lower()) for h in raw[0]]
    missing = [name for name in required if name not in header]
    if missing:
        shown = "、".join(f"{aliases[m][0]} ({m})" for m in missing)
        raise Refused(_("Row 1: the header lacks the columns %(columns)s.") % {"columns": shown})
    problems = _control_characters(raw, aliases, header)
    if problems:
        raise Refused(problems)
    rows = []
    for offset, line in enumerate(raw[1:], start=2):
        if all(_cell(v) == "" for v in line):
            continue
        values, dates = {}, {}
        for key, value in zip(header, line, strict=False):
            if key is None:
                continue
            if isinstance(value, datetime | date):
                dates[key] = value.date() if isinstance(value, datetime) else value
            values[key] = _cell(value)
        rows.append(Row(offset, values, dates))
    return rows


def _control_characters(raw: list[list[object]], aliases, header) -> list[str]:
    """One message per cell holding NUL or another control character (at most 50)."""
    problems = []
    for offset, line in enumerate(raw, start=1):
        for index, value in enumerate(line):
            if isinstance(value, str) and FORBIDDEN_IN_TEXT.search(value):
                key = header[index] if index < len(header) else None
                column = aliases[key][0] if key else _("column %(n)d") % {"n": index + 1}
                problems.append(_("Row %(row)s: %(column)s contains a control character (such "
                                  "as NUL), which is not allowed.") % {"row": offset, "column": column})
                if len(problems) >= 50:
                    return problems
    return problems


def parse_date(row: Row, key: str) -> date | None:
    """A date from an Excel date cell, or text as 2001-02-03, 2001/2/3, 2001.2.3 or 20010203."""
    if key in row.raw_dates:
        return row.raw_dates[key]
    text = row.values.get(key, "").replace("/", "-").replace(".", "-").replace("年", "-")
    text = text.replace("月", "-").replace("日", "").strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date, no time zone
        except ValueError:
            continue
    return None
