"""Commands that need the database check it first, so that a data folder that was never
migrated gets migrated (with one line saying so) instead of a traceback."""

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor


def ensure_migrated(write) -> None:
    """Run the pending migrations, saying so in one line; an unreachable database is one line too."""
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        name = connection.settings_dict.get("NAME")
        raise CommandError(f"Cannot open the database {name} ({str(error).strip()}): check DATABASE_URL "
                           f"or XIHU_DATA_DIR, then run `xihu migrate`.") from error
    if plan:
        write(f"The database has {len(plan)} migrations to apply: running `xihu migrate` first ...")
        call_command("migrate", interactive=False, verbosity=0)
