"""`xihu serve`: the development server on 127.0.0.1:8000 with the log's sequencer in a
background thread of the same process (production: gunicorn xihu.config.wsgi, and the
sequencer as its own process, `xihu ledger sequencer`; see docs/operations.md)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Serve the platform (development server) with the ledger's sequencer in a background "
            "thread. In production run gunicorn xihu.config.wsgi and `xihu ledger sequencer`.")

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-sequencer", action="store_true",
                            help="do not integrate ledger entries here (a separate `xihu ledger sequencer` does)")

    def handle(self, *args, addrport, no_sequencer=False, **options):
        if not no_sequencer:
            from xihu.apps.ledger import keys
            from xihu.apps.ledger.sequencer import start_thread

            keys.signing_key()  # say now (not in the thread) if a key is missing or was generated
            start_thread()
            self.stdout.write("Ledger sequencer running in the background (new entries are signed within a second).")
        # Static files are served here even with DEBUG off (dev settings: XIHU_DEBUG=1 turns it on).
        call_command("runserver", addrport, use_reloader=False, insecure_serving=True)
