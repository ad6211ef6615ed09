"""`xihu demo`: load the Xihu demo district (idempotent) and print the demo logins."""

from django.core.management.base import BaseCommand
from django.utils import translation

from xihu.apps.demo.district import DEMO_PASSWORD, LOGINS
from xihu.apps.demo.loader import EDITION_SLUG, load_demo
from xihu.apps.editions.models import Edition
from xihu.apps.manage.dbcheck import ensure_migrated


class Command(BaseCommand):
    help = "Load the Xihu demo district and its 2017-18 edition (does nothing if already loaded)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the logins")
        parser.add_argument(
            "--district-only", action="store_true",
            help="load the district, logins and edition only, without the stages' demo data",
        )

    def handle(self, *args, **options):
        translation.activate("en")
        ensure_migrated(self.stdout.write)  # a data folder never migrated: migrate it first
        if not options["district_only"] and not Edition.objects.filter(slug=EDITION_SLUG).exists():
            self.stdout.write("Loading the demo edition stage by stage (a few minutes the first time):")
        edition, created = load_demo(
            with_stage_data=not options["district_only"],
            progress=lambda line: (self.stdout.write(line), self.stdout.flush()),
        )
        state = "loaded" if created else "already loaded"
        self.stdout.write(self.style.SUCCESS(f"Demo district {state}: edition {edition.slug} ({edition.stage})"))
        if not options["quiet_logins"]:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for username, display, role, unit, _org in LOGINS:
                self.stdout.write(f"  {username:<22} {role:<16} {unit:<12} {display}")
