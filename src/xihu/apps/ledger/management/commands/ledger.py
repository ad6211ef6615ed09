"""`xihu ledger verify|head|sequencer|keygen|public-key`: the public log from the command line."""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from xihu.apps.ledger import keys, selectors, sequencer
from xihu.engine import checkpoint, ed25519


def noted_head(text: str, public_key: bytes) -> tuple[int, str]:
    """(size, root hex) of a head given as SIZE:ROOTHEX or as a file holding a signed checkpoint
    (whose signature must verify with the log's key)."""
    text = text.strip()
    match = re.fullmatch(r"(\d+):([0-9a-fA-F]{64})", text)
    if match:
        return int(match[1]), match[2].lower()
    path = Path(text)
    if not path.is_file():
        raise CommandError(f"--head {text!r}: neither SIZE:ROOTHEX nor a file holding a signed head")
    try:
        body = checkpoint.open_note(path.read_text(encoding="utf-8"), keys.origin(), public_key,
                                    ed25519.ed25519_verify)
        parsed = checkpoint.parse_checkpoint(body)
    except (checkpoint.BadNote, UnicodeDecodeError) as bad:
        raise CommandError(f"--head {text}: {bad}") from None
    return parsed["size"], parsed["root"].hex()


class Command(BaseCommand):
    help = "The public log: verify it, print its head, run its sequencer, make a signing key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        verify = sub.add_parser("verify", help="check every entry and every signed head; exit 1 at the first problem")
        verify.add_argument(
            "--head", action="append", default=[], metavar="HEAD",
            help="a head noted earlier (SIZE:ROOTHEX, or a file with a signed checkpoint, e.g. "
                 "a witness's): the log must still contain it (repeatable)")
        sub.add_parser("head", help="print the latest signed head (a checkpoint note)")
        run = sub.add_parser("sequencer", help="integrate new entries and sign tree heads (runs until stopped)")
        run.add_argument("--interval", type=float, default=sequencer.INTERVAL, help="seconds between rounds")
        run.add_argument("--once", action="store_true", help="integrate what is waiting, then exit")
        keygen = sub.add_parser("keygen", help="write a new Ed25519 signing key (PEM) to FILE")
        keygen.add_argument("file")
        sub.add_parser("public-key", help="print the log's public key (hex)")

    def handle(self, *args, what, **options):
        getattr(self, f"_{what.replace('-', '_')}")(**options)

    def _head(self, **options):
        head = selectors.latest_head()
        self.stdout.write(head.note if head else "0 (no signed head yet)")

    def _public_key(self, **options):
        self.stdout.write(f"{keys.public_key().hex()}  ({keys.origin()}, key id {keys.key_id()})")

    def _keygen(self, *, file, **options):
        path = Path(file)
        if path.exists():
            raise CommandError(f"{path} exists already: a signing key is never overwritten")
        path.write_bytes(keys.new_key_pem())
        path.chmod(0o600)
        self.stdout.write(self.style.SUCCESS(
            f"Wrote a new signing key to {path}. Set XIHU_LEDGER_SIGNING_KEY_FILE={path} for the "
            "sequencer, and keep a copy offline."))

    def _sequencer(self, *, interval, once, **options):
        keys.signing_key()  # fail at once without a key
        if once:
            head = sequencer.integrate_pending()
            self.stdout.write(f"integrated; head {head.size} {head.root_hash}" if head else "nothing waiting")
            return
        self.stdout.write(f"sequencer running every {interval} s (Ctrl-C to stop)")
        try:
            sequencer.run(interval=interval)
        except sequencer.LogBroken as broken:
            raise CommandError(f"the public log is broken: {broken}") from None
        except KeyboardInterrupt:
            self.stdout.write("sequencer stopped")

    def _verify(self, *, head, **options):
        noted = [noted_head(text, keys.public_key()) for text in head]
        report = selectors.ledger_verify(noted)
        if not report.ok:
            where = f" at leaf {report.bad_index}" if report.bad_index is not None else ""
            raise CommandError(f"ledger broken{where}: {report.problem}")
        waiting = selectors.pending_entries().count()
        note = f"; {waiting} entries wait for the sequencer" if waiting else ""
        self.stdout.write(self.style.SUCCESS(
            f"ledger ok: {report.entries} entries, {report.heads_checked} signed heads checked, "
            f"root {report.root}{note}"))
