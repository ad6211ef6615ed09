"""`xihu bootstrap`: the first district and its district admin on an empty database.

    xihu bootstrap --district xihu --name 西湖区 --name-en "Xihu District" --admin alice

Prints a one-time set-password link for the admin (open it, choose a password, log in)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from xihu.apps.accounts.bootstrap import district_bootstrap
from xihu.apps.manage.dbcheck import ensure_migrated
from xihu.errors import Refused


class Command(BaseCommand):
    help = "Create a district and its district admin (on an empty database); print a set-password link."

    def add_arguments(self, parser):
        parser.add_argument("--district", required=True, help="the district's code, e.g. xihu")
        parser.add_argument("--name", required=True, help="the district's Chinese name, e.g. 西湖区")
        parser.add_argument("--name-en", default="", help='the English name, e.g. "Xihu District"')
        parser.add_argument("--residents", type=int, default=0, help="registered residents")
        parser.add_argument("--admin", required=True, help="the district admin's username")
        parser.add_argument("--admin-name", default="", help="the admin's display name")
        parser.add_argument("--site-url", default="", help=f"address of the site (default {settings.XIHU_SITE_URL})")
        parser.add_argument("--language", default="en", choices=["en", "zh-hans"])

    def handle(self, *args, **options):
        translation.activate(options["language"])
        ensure_migrated(self.stdout.write)
        try:
            district, admin, path = district_bootstrap(
                code=options["district"], name=options["name"], name_en=options["name_en"],
                residents=options["residents"], admin_username=options["admin"],
                admin_display_name=options["admin_name"])
        except Refused as refusal:
            raise CommandError("\n".join(refusal.reasons)) from refusal
        site = (options["site_url"] or settings.XIHU_SITE_URL).rstrip("/")
        self.stdout.write(self.style.SUCCESS(
            f"District {district.code} ({district.name}) created; {admin.username} is its district admin."))
        self.stdout.write("One-time set-password link (expires; works once):")
        self.stdout.write(f"  {site}{path}")
