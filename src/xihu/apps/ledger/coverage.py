"""Everything that matters is in the log: which models are written without a log entry, and a
recorder that finds platform writes to any other model made without one.

The rule: a transaction of the platform (a service's atomic block, a view's, the admin's) that
writes a row of a logged model must also write a ledger entry. Every model is logged unless it
is declared here, in OUTSIDE_LOG, with the reason; OUTSIDE_LOG_FIELDS names columns whose
update alone is not an act (a login time). To add a model outside the log, add it here with a
reason; tests/ledger/test_coverage.py lists every model and checks the rest.
"""

import re
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.db import connection, transaction

OUTSIDE_LOG: dict[str, str] = {
    "admin.logentry": "the Django admin's own history of its changes; each change it records "
                      "is also written to the log by the admin (xihu.apps.ledger.admin_log)",
    "auth.permission": "made by migrations for the admin, never an act of the platform",
    "contenttypes.contenttype": "made by migrations, never an act of the platform",
    "sessions.session": "who is logged in right now: not a decision, deleted at logout",
    "axes.accessattempt": "django-axes' counters of failed logins per name and address; not a "
                          "decision (the district admin's unlock is logged: account.unlock)",
    "axes.accessattemptexpiration": "when a django-axes counter expires; bookkeeping of the above",
    "axes.accessfailurelog": "django-axes' record of failed logins; security bookkeeping, not an act",
    "axes.accesslog": "django-axes' record of logins and logouts; who is logged in, not a decision",
    "web.ratecounter": "the anonymous-proposal rate limit's hashed counters per address and phone; "
                       "the proposals themselves are logged",
    "residents.phonecode": "one-time codes, kept only as keyed hashes until used or expired; the "
                           "sign-in they allow is logged (resident.signup)",
    "residents.notice": "a follower's copy of a change of state that is itself logged; what was "
                        "sent and read is bookkeeping, not a decision",
    "ledger.ledgerentry": "the log itself: the entries every other write is recorded by",
    "ledger.ledgerleaf": "the log's tree, written by the sequencer from the entries",
    "ledger.treehead": "the log's signed heads, written by the sequencer",
    "ledger.witnesscosignature": "a witness's signature of a head, verified against its "
                                 "registered key; logging it would make each cosignature "
                                 "create the next head to cosign",
}

# Columns whose update alone is bookkeeping, not an act.
OUTSIDE_LOG_FIELDS: dict[str, frozenset[str]] = {
    "accounts.user": frozenset({"last_login"}),
}

LEDGER_TABLE = "ledger_ledgerentry"
_SRC = str(Path(__file__).resolve().parents[2])  # src/xihu
_ADMIN = str(Path(__import__("django.contrib.admin").contrib.admin.__file__).parent)
_SKIP = (str(Path(__file__).resolve()), str(Path(_SRC) / "config"))
_WRITE = re.compile(r'^\s*(INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.I)
_SET = re.compile(r'\bSET\s+(.*?)(?:\bWHERE\b|$)', re.I | re.S)


def model_label(table: str, tables: dict[str, str]) -> str | None:
    return tables.get(table)


def table_labels() -> dict[str, str]:
    """db_table -> the label of the model it belongs to (auto-created m2m tables: their owner)."""
    out = {}
    for model in apps.get_models(include_auto_created=True):
        owner = model._meta.auto_created or model
        out[model._meta.db_table] = owner._meta.label_lower
    return out


def logged_labels() -> set[str]:
    return {m._meta.label_lower for m in apps.get_models()} - set(OUTSIDE_LOG)


def _platform_file(name: str) -> bool:
    return (name.startswith(_SRC) or name.startswith(_ADMIN)) and not name.startswith(_SKIP)


def entered_by_platform() -> bool:
    """Was the atomic block being entered opened by platform code? (`@transaction.atomic` on
    a service enters in contextlib's wrapper, before the service's own frame exists.)"""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_name == "inner" and frame.f_code.co_filename.endswith("contextlib.py"):
            code = getattr(frame.f_locals.get("func"), "__code__", None)
            if code is not None and _platform_file(code.co_filename):
                return True
        elif _platform_file(frame.f_code.co_filename):
            return True
        frame = frame.f_back
    return False


def platform_frame(depth: int = 2) -> str | None:
    """The innermost caller in the platform's own code (or the Django admin), as file:line."""
    frame = sys._getframe(depth)
    while frame is not None:
        name = frame.f_code.co_filename
        if _platform_file(name):
            return f"{name.removeprefix(_SRC + '/')}:{frame.f_lineno}"
        frame = frame.f_back
    return None


@dataclass
class Write:
    label: str
    kind: str
    columns: frozenset[str]
    where: str | None


@dataclass
class Block:
    platform: bool
    writes: list[Write] = field(default_factory=list)


@dataclass
class Violation:
    label: str
    kind: str
    where: str
    context: str = ""

    def __str__(self) -> str:
        return f"{self.label} ({self.kind}) at {self.where}" + (f" [{self.context}]" if self.context else "")


class LogCoverage:
    """Records, on this thread's default connection, each platform transaction's writes; a
    transaction writing a logged model without a ledger entry is a Violation."""

    _patched = False
    _active: "threading.local" = threading.local()

    def __init__(self):
        self.tables = table_labels()
        self.outside = set(OUTSIDE_LOG)
        self.violations: list[Violation] = []
        self.logged: dict[str, int] = {}
        self.context = ""
        self._stack: list[Block] = []

    # -- the atomic blocks (patched once; each thread's active recorder gets the events) ------
    @classmethod
    def _patch(cls) -> None:
        if cls._patched:
            return
        enter, leave = transaction.Atomic.__enter__, transaction.Atomic.__exit__

        def __enter__(atomic):
            result = enter(atomic)
            recorder = getattr(cls._active, "recorder", None)
            if recorder is not None and atomic.using in (None, "default"):
                recorder._stack.append(Block(platform=entered_by_platform()))
            return result

        def __exit__(atomic, exc_type, exc_value, traceback):
            recorder = getattr(cls._active, "recorder", None)
            rolled = exc_type is not None or connection.needs_rollback
            try:
                return leave(atomic, exc_type, exc_value, traceback)
            finally:
                if recorder is not None and atomic.using in (None, "default") and recorder._stack:
                    recorder._closed(recorder._stack.pop(), rolled)

        transaction.Atomic.__enter__, transaction.Atomic.__exit__ = __enter__, __exit__
        cls._patched = True

    def __enter__(self):
        self._patch()
        type(self)._active.recorder = self
        self._thread = threading.get_ident()
        self._wrapper = connection.execute_wrapper(self._execute)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
        type(self)._active.recorder = None

    # -- statements ----------------------------------------------------------------------------
    def _execute(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = _WRITE.match(sql)
        # A live server's thread may share this connection (SQLite in memory): its atomic
        # blocks are not on this thread's stack, so its writes are not judged here.
        if match and threading.get_ident() == self._thread:
            self._write(match, sql)
        return result

    def _write(self, match, sql: str) -> None:
        verb, table = match.group(1).split()[0].upper(), match.group(2)
        if table == LEDGER_TABLE:
            write = Write("ledger", "entry", frozenset(), None)
        else:
            label = self.tables.get(table)
            if label is None or label in self.outside:
                return
            columns = frozenset()
            if verb == "UPDATE":
                found = _SET.search(sql)
                columns = frozenset(re.findall(r'"(\w+)"\s*=', found.group(1))) if found else frozenset()
                if columns and columns <= OUTSIDE_LOG_FIELDS.get(label, frozenset()):
                    return
            where = platform_frame(3)
            if where is None:
                return  # a test's own set-up, not the platform
            write = Write(label, verb.lower(), columns, where)
        if any(block.platform for block in self._stack):
            self._stack[-1].writes.append(write)
        else:
            self._judge([write])

    def _closed(self, block: Block, rolled: bool) -> None:
        if rolled:
            return
        if block.platform and not any(b.platform for b in self._stack):
            self._judge(block.writes)
        elif self._stack:
            self._stack[-1].writes.extend(block.writes)
        else:
            self._judge(block.writes)

    def _judge(self, writes: list[Write]) -> None:
        logged = any(w.label == "ledger" for w in writes)
        for write in writes:
            if write.label == "ledger":
                continue
            if logged:
                self.logged[write.label] = self.logged.get(write.label, 0) + 1
            else:
                self.violations.append(Violation(write.label, write.kind, write.where, self.context))
