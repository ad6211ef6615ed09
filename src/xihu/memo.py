"""Reads taken once per request: a scope (one request, opened by `request_memo` around a view)
in which a value computed for a key is reused, so that a view and the service it calls do not
ask the database the same question twice (the permission decision, the voting window).

Outside a scope (tests calling services, the CLI, batch jobs) nothing is remembered: every call
computes afresh. Only what cannot meaningfully change within one request belongs here."""

from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar

T = TypeVar("T")
_scope: ContextVar[dict | None] = ContextVar("xihu_request_memo", default=None)


def memoised(key: tuple, compute: Callable[[], T]) -> T:
    """compute() once per key within the current scope; always afresh outside one."""
    memo = _scope.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def request_memo(view):
    """Run the view (and the services it calls) in one memo scope."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        token = _scope.set({})
        try:
            return view(*args, **kwargs)
        finally:
            _scope.reset(token)

    return wrapper
