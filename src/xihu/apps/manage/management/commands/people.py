"""`xihu people ...`: accounts and roles for scripted set-ups (the same services as the pages).

    xihu people list [--unit xihu] --as alice
    xihu people create li --name 李干部 --role street_officer --unit nanpu --as alice
    xihu people grant li --role counter --unit nanpu-c [--organisation 名称] --as alice
    xihu people revoke li --role counter --unit nanpu-c --as alice
    xihu people import staff.xlsx --as li
    xihu people password-link li --as alice

`create`, `import` and `password-link` print one-time set-password links to hand over."""

from pathlib import Path

from django.core.management.base import CommandError

from xihu.apps.accounts import services
from xihu.apps.accounts.importing import people_import
from xihu.apps.accounts.models import Role, RoleAssignment, User
from xihu.apps.accounts.selectors import people_in
from xihu.apps.manage.management.base import BackOfficeCommand
from xihu.apps.organisation.models import SocialOrganisation


class Command(BackOfficeCommand):
    help = "Create accounts, grant and remove roles, import a sheet, make set-password links (ledgered)."

    def add_subcommands(self):
        p = self.sub("list", "accounts holding roles in the units you manage")
        p.add_argument("--unit", default="")
        for name, text in (("create", "create an account holding one role"),
                           ("grant", "grant a role to an existing account"),
                           ("revoke", "remove a role (it stays in the history)")):
            p = self.sub(name, text)
            p.add_argument("username")
            if name == "create":
                p.add_argument("--name", required=True, help="display name (shown publicly)")
            p.add_argument("--role", required=True, choices=Role.values)
            p.add_argument("--unit", required=True, help="unit code")
            if name != "revoke":
                p.add_argument("--organisation", default="", help="social organisation (Chinese name)")
            p.add_argument("--site-url", default="")
        p = self.sub("import", "import a CSV or XLSX sheet (all rows or none)")
        p.add_argument("file")
        p.add_argument("--site-url", default="")
        p = self.sub("password-link", "a one-time set-password link (ends the current password)")
        p.add_argument("username")
        p.add_argument("--site-url", default="")

    @staticmethod
    def _user(username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account {username!r}.")
        return user

    @staticmethod
    def _organisation(name: str):
        if not name:
            return None
        organisation = SocialOrganisation.objects.filter(name=name).first()
        if organisation is None:
            raise CommandError(f"No social organisation is called {name!r}.")
        return organisation

    def do_list(self, options):
        unit = self.unit(options["unit"]) if options["unit"] else None
        for person in people_in(self.actor(options), unit):
            roles = ", ".join(f"{ra.role}@{ra.unit.code}" for ra in person.live_roles)
            self.stdout.write(f"{person.username:<24} {person.display_name:<16} {roles}")

    def do_create(self, options):
        actor = self.actor(options)
        user = services.account_create(
            username=options["username"], display_name=options["name"], role=options["role"],
            unit=self.unit(options["unit"]), organisation=self._organisation(options["organisation"]),
            actor=actor)
        path = services.password_link_issue(user=user, actor=actor)
        self.say(f"Created {user.username} ({user.display_name}): {options['role']} of {options['unit']}.")
        self.stdout.write(f"  set-password link: {self.link(path, options)}")

    def do_grant(self, options):
        services.role_grant(user=self._user(options["username"]), role=options["role"],
                            unit=self.unit(options["unit"]),
                            organisation=self._organisation(options["organisation"]),
                            actor=self.actor(options))
        self.say(f"{options['username']} is now {options['role']} of {options['unit']}.")

    def do_revoke(self, options):
        assignment = RoleAssignment.objects.filter(
            user=self._user(options["username"]), role=options["role"],
            unit=self.unit(options["unit"])).first()
        if assignment is None:
            raise CommandError(f"{options['username']} does not hold {options['role']} in {options['unit']}.")
        services.role_revoke(assignment=assignment, actor=self.actor(options))
        self.say(f"Removed {options['role']} of {options['unit']} from {options['username']}.")

    def do_import(self, options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file {path}.")
        rows = people_import(data=path.read_bytes(), filename=path.name, actor=self.actor(options))
        for row in rows:
            line = f"row {row.number}: {row.username} {row.role}@{row.unit.code} {row.outcome}"
            self.stdout.write(line + (f"  {self.link(row.link, options)}" if row.link else ""))
        self.say(f"Imported {len(rows)} rows from {path.name}.")

    def do_password_link(self, options):
        user = self._user(options["username"])
        path = services.password_link_issue(user=user, actor=self.actor(options))
        self.say(f"One-time set-password link for {user.username} (expires; works once):")
        self.stdout.write(f"  {self.link(path, options)}")
