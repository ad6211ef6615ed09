"""`xihu units ...`: the unit tree (district > streets > communities) for scripted set-ups.

    xihu units list [--district xihu]
    xihu units create --parent xihu --code nanpu --name 南浦街道 [--name-en ...] [--residents N] --as alice
    xihu units rename nanpu --name 南浦街道 [--name-en "Nanpu Street"] --as alice
    xihu units residents nanpu-c 6110 --as alice
    xihu units retire nanpu-c --as alice
    xihu units organisation --name 校友会 --kind alumni --home xihu [--name-en ...] --as alice
"""

from xihu.apps.manage.management.base import BackOfficeCommand
from xihu.apps.organisation import services
from xihu.apps.organisation.models import SocialOrganisation, Unit


class Command(BackOfficeCommand):
    help = "List, create, rename, retire units and set their resident counts (each ledgered)."

    def add_subcommands(self):
        p = self.sub("list", "print the unit tree", actor=False)
        p.add_argument("--district", default="")
        p = self.sub("create", "create a street (under a district) or a community (under a street)")
        p.add_argument("--parent", required=True)
        p.add_argument("--code", required=True)
        p.add_argument("--name", required=True)
        p.add_argument("--name-en", default="")
        p.add_argument("--residents", type=int, default=0)
        p = self.sub("rename", "change a unit's names")
        p.add_argument("code")
        p.add_argument("--name", required=True)
        p.add_argument("--name-en", default="")
        p = self.sub("residents", "set the registered residents (the turnout denominator)")
        p.add_argument("code")
        p.add_argument("residents", type=int)
        p = self.sub("retire", "retire a street or community (keeps its history)")
        p.add_argument("code")
        p = self.sub("organisation", "create a social organisation")
        p.add_argument("--name", required=True)
        p.add_argument("--name-en", default="")
        p.add_argument("--kind", required=True, choices=SocialOrganisation.Kind.values)
        p.add_argument("--home", required=True, help="the code of the unit it is based in")

    def do_list(self, options):
        districts = Unit.objects.filter(kind=Unit.Kind.DISTRICT)
        if options["district"]:
            districts = districts.filter(code=options["district"])
        for district in districts.order_by("code"):
            self._line(district, 0)
            for street in district.children.order_by("code"):
                self._line(street, 1)
                for community in street.children.order_by("code"):
                    self._line(community, 2)

    def _line(self, unit: Unit, depth: int) -> None:
        retired = "  (retired)" if unit.retired_at else ""
        self.stdout.write(f"{'  ' * depth}{unit.code:<{24 - 2 * depth}} {unit.kind:<10} "
                          f"{unit.residents:>9}  {unit.name} {unit.name_en}{retired}".rstrip())

    def do_create(self, options):
        unit = services.unit_create(parent=self.unit(options["parent"]), code=options["code"],
                                    name=options["name"], name_en=options["name_en"],
                                    residents=options["residents"], actor=self.actor(options))
        self.say(f"Created {unit.kind} {unit.code} ({unit.name}) under {unit.parent.code}.")

    def do_rename(self, options):
        unit = services.unit_rename(unit=self.unit(options["code"]), name=options["name"],
                                    name_en=options["name_en"], actor=self.actor(options))
        self.say(f"Renamed {unit.code}: {unit.name} / {unit.name_en}.")

    def do_residents(self, options):
        unit = services.unit_set_residents(unit=self.unit(options["code"]), residents=options["residents"],
                                           actor=self.actor(options))
        self.say(f"{unit.code}: {unit.residents} registered residents.")

    def do_retire(self, options):
        unit = services.unit_retire(unit=self.unit(options["code"]), actor=self.actor(options))
        self.say(f"Retired {unit.code}.")

    def do_organisation(self, options):
        organisation = services.organisation_create(
            name=options["name"], name_en=options["name_en"], kind=options["kind"],
            home_unit=self.unit(options["home"]), actor=self.actor(options))
        self.say(f"Created the organisation {organisation.name} ({organisation.kind}).")
