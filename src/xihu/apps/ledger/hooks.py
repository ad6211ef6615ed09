"""Listeners of log entries, called after the entry's transaction commits (never inside it, so
the service that wrote the entry pays one dictionary look-up and nothing more). Used by the
residents app to tell followers of a proposal or project about each change of state."""

from collections.abc import Callable

from django.db import transaction

LISTENERS: dict[str, list[Callable]] = {}


def listen(action: str, listener: Callable) -> None:
    """Call `listener(entry)` after the commit of every entry of `action`."""
    if listener not in LISTENERS.setdefault(action, []):
        LISTENERS[action].append(listener)


def appended(entry) -> None:
    for listener in LISTENERS.get(entry.action, ()):
        transaction.on_commit(lambda listener=listener: listener(entry), robust=True)
