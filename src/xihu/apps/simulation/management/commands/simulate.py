"""`xihu simulate`: an edition run by an agent-based model through the platform's services."""

import json
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from xihu.apps.manage.dbcheck import ensure_migrated
from xihu.apps.simulation import params as parameters
from xihu.apps.simulation.figures import report_lines
from xihu.apps.simulation.loadmode import bulk_load
from xihu.apps.simulation.progress import Progress
from xihu.apps.simulation.runner import simulate
from xihu.errors import Refused


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


class Command(BaseCommand):
    help = ("Simulate a whole edition (the Xihu 2017-18 pilot by default) through the platform's services "
            "on this database; docs/simulate.md explains the model and every parameter.")

    def add_arguments(self, parser):
        parser.add_argument("--params", metavar="FILE", help="YAML file overriding pilot.yaml's parameters")
        parser.add_argument("--seed", type=int, help="random seed (default: the file's, else 20180107)")
        parser.add_argument("--scale", type=int, help="copies of each street and its communities (default 1)")
        parser.add_argument("--edition", metavar="SLUG", help="the new edition's slug (default: the file's)")
        parser.add_argument("--json", metavar="FILE", help="also write the figures and stage times as JSON")
        parser.add_argument("--quiet", action="store_true", help="print the report only")

    def handle(self, *args, **options):
        translation.activate("en")
        overrides = {key: options[name] for name, key in (
            ("seed", "seed"), ("scale", "district.scale"), ("edition", "edition.slug")) if options[name] is not None}
        try:
            params = parameters.load(options["params"], **overrides)
        except parameters.ParamsError as error:
            raise CommandError(f"bad parameters:\n{error}") from None
        ensure_migrated(self.stdout.write)
        progress = Progress(self.stdout, quiet=options["quiet"])
        self.stdout.write(f"Simulating on {connection.vendor} ({_load()})")
        try:
            with bulk_load():
                outcome = simulate(params=params, progress=progress)
        except Refused as refusal:
            raise CommandError("; ".join(refusal.reasons)) from None
        self.stdout.write(self.style.SUCCESS(
            f"Edition {outcome.edition.slug} simulated in {outcome.seconds:.1f} s ({_load()}):"))
        for line in report_lines(outcome.figures):
            self.stdout.write(line)
        self.stdout.write(f"  {'stage':<12} {'seconds':>8} {'items':>9}  {'items/s':>8}  counting")
        for t in outcome.times:
            self.stdout.write(f"  {t.name:<12} {t.seconds:8.1f} {t.items:9,} {t.rate:9.0f}  {t.what}")
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as out:
                json.dump({"database": connection.vendor, "load": os.getloadavg(), "seed": params.seed,
                           "scale": params.scale, "seconds": outcome.seconds, "figures": outcome.figures,
                           "stages": [t.__dict__ | {"rate": t.rate} for t in outcome.times]},
                          out, ensure_ascii=False, indent=1, default=str)
