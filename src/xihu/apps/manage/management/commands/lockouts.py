"""`xihu lockouts ...`: locked login names and addresses (django-axes), and the district admin's
unlock (ledgered, as on /manage/lockouts/).

    xihu lockouts list --as alice
    xihu lockouts unlock --username li --as alice
    xihu lockouts unlock --address 203.0.113.7 --as alice"""

from xihu.apps.accounts.unlock import lockout_clear, lockouts_for
from xihu.apps.manage.management.base import BackOfficeCommand


class Command(BackOfficeCommand):
    help = "List locked login names and addresses; unlock one (ledgered)."

    def add_subcommands(self):
        self.sub("list", "locked names and addresses you may unlock")
        p = self.sub("unlock", "clear the failed logins of a name or an address")
        group = p.add_mutually_exclusive_group(required=True)
        group.add_argument("--username", default="")
        group.add_argument("--address", default="")

    def do_list(self, options):
        locked = lockouts_for(self.actor(options))
        for lock in locked:
            self.stdout.write(f"{lock.kind}\t{lock.value}\t{lock.failures}\t"
                              f"{lock.last:%Y-%m-%d %H:%M}")
        if not locked:
            self.stdout.write("nothing is locked")

    def do_unlock(self, options):
        count = lockout_clear(actor=self.actor(options), username=options["username"],
                              address=options["address"])
        self.say(f"unlocked ({count} records cleared), recorded in the public ledger")
