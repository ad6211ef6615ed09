"""The public-log entries behind a finding: by object (type and id), action, actor or the
community named in the entry. Filters are checked; at most LIMIT entries are read."""

import re
from dataclasses import dataclass

from django.db.models import Q

from xihu.apps.ledger.models import LedgerEntry

LIMIT = 200
_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+)?$")
_TEXT = re.compile(r"^[\w@.+\-]{1,150}$")


@dataclass(frozen=True)
class LogFilter:
    type: str = ""
    id: str = ""
    action: str = ""
    actor: str = ""
    community: str = ""

    @classmethod
    def from_query(cls, query) -> "LogFilter | None":
        """None when a filter is malformed (the page says so instead of searching)."""
        values = {name: (query.get(name) or "").strip() for name in ("type", "id", "action", "actor",
                                                                    "community")}
        for name in ("type", "action"):
            if values[name] and not _NAME.match(values[name]):
                return None
        for name in ("id", "actor", "community"):
            if values[name] and not _TEXT.match(values[name]):
                return None
        return cls(**values)

    @property
    def empty(self) -> bool:
        return not any((self.type, self.id, self.action, self.actor, self.community))


def log_entries(log_filter: LogFilter) -> list[LedgerEntry]:
    if log_filter.empty:
        return []
    query = Q()
    if log_filter.type:
        query &= Q(object_type=log_filter.type)
    if log_filter.id:
        query &= Q(object_id=log_filter.id)
    if log_filter.action:
        query &= Q(action=log_filter.action)
    if log_filter.actor:
        query &= Q(actor=log_filter.actor)
    if log_filter.community:
        query &= Q(payload__community=log_filter.community)
    return list(LedgerEntry.objects.filter(query).select_related("leaf").order_by("pk")[:LIMIT])
