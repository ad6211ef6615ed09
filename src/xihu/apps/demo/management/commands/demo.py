"""`xihu demo`: load the Xihu demo district (idempotent) and print the demo logins. The demo's
edition is the simulator's default run (the 2017-18 pilot, docs/simulate.md)."""

import time

from django.core.management.base import BaseCommand
from django.utils import translation

from xihu.apps.demo.district import DEMO_PASSWORD, LOGINS
from xihu.apps.demo.loader import EDITION_SLUG, load_demo
from xihu.apps.editions.models import Edition
from xihu.apps.manage.dbcheck import ensure_migrated
from xihu.apps.simulation.loadmode import bulk_load
from xihu.apps.simulation.progress import Progress


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
        started = time.monotonic()
        with bulk_load():  # SQLite tuned for a load (loadmode.py), the migrations included
            ensure_migrated(self.stdout.write)  # a data folder never migrated: migrate it first
            fresh = not Edition.objects.filter(slug=EDITION_SLUG).exists()
            if fresh and not options["district_only"]:
                self.stdout.write("Loading the demo: the 2017-18 pilot simulated through the platform's services, "
                                  "stage by stage (the first time only):")
            edition, created = load_demo(with_stage_data=not options["district_only"],
                                         progress=Progress(self.stdout))
        state = f"loaded in {time.monotonic() - started:.0f} s" if created else "already loaded"
        self.stdout.write(self.style.SUCCESS(f"Demo district {state}: edition {edition.slug} ({edition.stage})"))
        if not options["quiet_logins"]:
            self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
            for username, display, role, unit, _org in LOGINS:
                self.stdout.write(f"  {username:<22} {role:<16} {unit:<12} {display}")
