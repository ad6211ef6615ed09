"""What the back-office commands share: `--as USERNAME` (the acting person: services check their
role as on the pages), the language of messages, a refusal printed as one line per reason
(exit status 1), and full set-password links."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from xihu.apps.accounts.models import User
from xihu.apps.organisation.models import Unit
from xihu.errors import Refused


class BackOfficeCommand(BaseCommand):
    actor_required = True

    def add_arguments(self, parser):
        self.subparsers = parser.add_subparsers(dest="subcommand", required=True)
        self.add_subcommands()

    def add_subcommands(self):
        raise NotImplementedError

    def sub(self, name: str, help_text: str, *, actor: bool = True):
        parser = self.subparsers.add_parser(name, help=help_text, description=help_text)
        parser.add_argument("--language", default="en", choices=["en", "zh-hans"],
                            help="language of the messages (default en)")
        if actor:
            self.add_actor(parser)
        return parser

    @staticmethod
    def add_actor(parser):
        parser.add_argument("--as", dest="actor", required=True, metavar="USERNAME",
                            help="the person acting (their role is checked as on the pages)")

    def handle(self, *args, **options):
        translation.activate(options["language"])
        try:
            return getattr(self, "do_" + options["subcommand"].replace("-", "_"))(options)
        except Refused as refusal:
            raise CommandError("\n".join(refusal.reasons)) from refusal

    @staticmethod
    def actor(options) -> User:
        user = User.objects.filter(username=options["actor"]).first()
        if user is None or not user.is_active:
            raise CommandError(f"No active account {options['actor']!r} (given with --as).")
        return user

    @staticmethod
    def unit(code: str) -> Unit:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"No unit has the code {code!r} (see `xihu units list`).")
        return unit

    @staticmethod
    def link(path: str, options) -> str:
        return (options.get("site_url") or settings.XIHU_SITE_URL).rstrip("/") + path

    def say(self, text: str) -> None:
        self.stdout.write(self.style.SUCCESS(text))
