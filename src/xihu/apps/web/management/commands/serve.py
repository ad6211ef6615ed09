"""`xihu serve`: the development server on 127.0.0.1:8000 (production: gunicorn xihu.config.wsgi)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the platform (development server). In production run gunicorn xihu.config.wsgi."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # Static files are served here even with DEBUG off (dev settings: XIHU_DEBUG=1 turns it on).
        call_command("runserver", addrport, use_reloader=False, insecure_serving=True)
