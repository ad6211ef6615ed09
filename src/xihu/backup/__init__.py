"""`xihu backup` and `xihu restore`: one archive holds a consistent snapshot of the database, the
uploaded files, and a manifest with the log head, the log check and the row count of every
table, all read in the same snapshot as the copy. Restore refuses an archive whose log does not
verify or whose head or row counts differ from its manifest, and then puts back what was there.

SQLite: the online backup API, run inside a read transaction of the same connection that reads
the head (a writer can start but not commit until the copy is done). PostgreSQL: a REPEATABLE
READ transaction exports its snapshot; pg_dump dumps exactly that snapshot (--snapshot) while the
same transaction reads the head and the counts.

The log is read only through `ledger_head()` and `ledger_verify()`, whatever the log's inside."""

from xihu.backup.archive import FORMAT, BackupError, Manifest, read_manifest
from xihu.backup.run import backup, restore

__all__ = ["FORMAT", "BackupError", "Manifest", "backup", "read_manifest", "restore"]
