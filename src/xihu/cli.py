"""The `xihu` command: the one entry point.

    xihu pb solve FILE.pb ...   the PB engine (no Django, no database)
    xihu serve                  serve the platform (development server on 127.0.0.1:8000)
    xihu demo                   load the Xihu demo district (idempotent; migrates a new data folder)
    xihu bootstrap ...          the first district and its district admin (prints a set-password link)
    xihu units|people|edition ...  the back office as commands (docs/run-your-district.md)
    xihu ledger verify          check the whole hash chain
    xihu backup|restore FILE    a consistent snapshot with its log head; restore checks the log
    xihu lockouts list|unlock   locked logins and the district admin's unlock (ledgered)
    xihu <any manage.py command>  e.g. `xihu migrate`, `xihu shell -c ...`
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["pb"]:
        from xihu.engine.cli import main as pb_main

        return pb_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xihu.config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["xihu", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
