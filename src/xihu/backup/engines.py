"""Snapshot and load per database engine. `snapshot(read, dest)` copies the database to `dest` and
calls `read()` inside the same snapshot (its result is returned); `load(path)` replaces the
database's whole content with the copy at `path`."""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists, never a shell
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

from xihu.backup.archive import BackupError


def _require_no_transaction() -> None:
    if connection.in_atomic_block:
        raise BackupError("A backup or restore cannot run inside an open transaction.")


# --- SQLite ---------------------------------------------------------------------------------

def sqlite_snapshot(read, dest: Path):
    _require_no_transaction()
    connection.ensure_connection()
    raw = connection.connection
    raw.execute("BEGIN DEFERRED")
    try:
        result = read()  # the ORM reads through the same connection: the same snapshot
        target = sqlite3.connect(dest)
        try:
            raw.backup(target)  # the online backup API, inside the read transaction
        finally:
            target.close()
    finally:
        raw.execute("COMMIT")
    return result


def sqlite_load(path: Path) -> None:
    _require_no_transaction()
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


# --- PostgreSQL -----------------------------------------------------------------------------

def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed: install PostgreSQL's client programs "
                          "(Debian: postgresql-client) of the server's major version or newer.")
    return found


@contextmanager
def _pg_env():
    settings = connection.settings_dict
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings.get(key):
            args += [flag, str(settings[key])]
    yield env, args + ["--dbname", str(settings["NAME"])]


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def postgres_snapshot(read, dest: Path):
    _require_no_transaction()
    pg_dump = _pg_tool("pg_dump")
    connection.ensure_connection()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        result = read()
        with _pg_env() as (env, args):
            _run([pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                  f"--snapshot={snapshot}", "--file", str(dest), *args], env)
    finally:
        connection.rollback()
        connection.set_autocommit(True)
    return result


def postgres_load(path: Path) -> None:
    _require_no_transaction()
    pg_restore = _pg_tool("pg_restore")
    connection.close()  # hold no lock on the tables pg_restore drops and creates
    with _pg_env() as (env, args):
        _run([pg_restore, "--clean", "--if-exists", "--single-transaction", "--no-owner",
              "--no-privileges", "--exit-on-error", *args, str(path)], env)


SNAPSHOT = {"sqlite": sqlite_snapshot, "postgresql": postgres_snapshot}
LOAD = {"sqlite": sqlite_load, "postgresql": postgres_load}
