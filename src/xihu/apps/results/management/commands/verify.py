"""`xihu verify EXPORT_DIR [--key HEX] [--head FILE]`: run the standalone verifier (the same
single file anyone can run with plain Python) on an export."""

from django.core.management.base import BaseCommand

from xihu.verifier import cli


class Command(BaseCommand):
    help = "Recount every tally and winner set of an export and check its signed log."

    def add_arguments(self, parser):
        parser.add_argument("export_dir")
        parser.add_argument("--key", default="", help="the log's public key (hex), as published elsewhere")
        parser.add_argument("--head", action="append", default=[], metavar="FILE",
                            help="a signed head (checkpoint file) kept earlier: the export must extend it")

    def handle(self, *args, **options):
        argv = [options["export_dir"]]
        if options["key"]:
            argv += ["--key", options["key"]]
        for head in options["head"]:
            argv += ["--head", head]
        status = cli.main(argv)
        if status:
            raise SystemExit(status)
