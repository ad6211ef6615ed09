"""`xihu ledger verify [--head HASH]` and `xihu ledger head`."""

from django.core.management.base import BaseCommand, CommandError

from xihu.apps.ledger import selectors


class Command(BaseCommand):
    help = "Verify the public ledger's hash chain, or print its head."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        verify = sub.add_parser("verify", help="check every entry; exit 1 at the first bad one")
        verify.add_argument(
            "--head", action="append", default=[], metavar="HASH",
            help="a head hash noted earlier: it must still be in the chain (repeatable)",
        )
        sub.add_parser("head", help="print the current head: sequence number and hash")

    def handle(self, *args, what, **options):
        if what == "head":
            head = selectors.ledger_head()
            self.stdout.write(f"{head.seq} {head.entry_hash}" if head else "0 (empty)")
            return
        report = selectors.ledger_verify()
        if not report.ok:
            raise CommandError(f"ledger broken at entry {report.bad_seq}: {report.problem}")
        for noted in options["head"]:
            if selectors.ledger_entry_by_hash(noted) is None:
                raise CommandError(f"noted hash {noted} is no longer in the chain: history was rewritten")
        self.stdout.write(self.style.SUCCESS(
            f"ledger ok: {report.entries} entries, head {report.head_hash}"
        ))
