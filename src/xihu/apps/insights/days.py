"""People registered per local day, counted by the database with one conditional COUNT per day
of the voting window (faster than truncating every row's time to a local date, which SQLite
does in Python). A window longer than MAX_DAYS falls back to the truncation."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

MAX_DAYS = 62


def local_days(rows) -> list[date]:
    first, last = rows.aggregate(first=Min("registered_at"), last=Max("registered_at")).values()
    if first is None:
        return []
    zone = timezone.get_current_timezone()
    day, end = timezone.localtime(first, zone).date(), timezone.localtime(last, zone).date()
    return [day + timedelta(days=n) for n in range((end - day).days + 1)]


def per_day(rows, group: str | None = None) -> dict[object, dict[date, int]]:
    """{group value (None without a group): {local day: distinct voters}} for the rows given."""
    days = local_days(rows)
    out: dict[object, dict[date, int]] = {}
    if not days:
        return out
    if len(days) > MAX_DAYS:
        fields = [group] if group else []
        for row in (rows.annotate(day=TruncDate("registered_at")).values(*fields, "day")
                    .annotate(n=Count("voter_key", distinct=True)).order_by()):
            out.setdefault(row.get(group) if group else None, {})[row["day"]] = row["n"]
        return out
    zone = timezone.get_current_timezone()
    counts = {}
    for index, day in enumerate(days):
        start = datetime.combine(day, time.min, tzinfo=zone)
        counts[f"d{index}"] = Count("voter_key", distinct=True, filter=Q(
            registered_at__gte=start, registered_at__lt=start + timedelta(days=1)))
    result = [rows.aggregate(**counts)] if group is None else rows.values(group).annotate(**counts).order_by()
    for row in result:
        out[row.get(group) if group else None] = {
            day: row[f"d{index}"] for index, day in enumerate(days) if row[f"d{index}"]}
    return out
