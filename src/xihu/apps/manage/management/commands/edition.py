"""`xihu edition ...`: editions for scripted set-ups (the same services as the pages).

    xihu edition create --district xihu --slug 2019-20 --name "2019-20 幸福微实事" [--name-en ...]
                        [--community-budget N] [--street-budget N] [--max-choices 5] [--min-age 15]
                        [--rule greedy|greedy-stop|mes] [--tie-break lower_cost|project_order|refuse] --as alice
    xihu edition copy --from 2018-19 --slug 2019-20 --name ... [--name-en ...] [--years 1] --as alice
    xihu edition plan 2019-20 --stage voting --start "2020-01-28 09:00" --end "2020-02-03 17:00"
                      [--note ...] [--reason ...] --as alice
    xihu edition budget 2019-20 (--unit CODE | --level street|community) --amount N --as alice
    xihu edition rules 2019-20 [--max-choices N] [--min-age N] [--rule R] [--tie-break T] --as alice
    xihu edition confirm-grants 2019-20 --grantor nanpu --as li
    xihu edition target 2019-20 --street nanpu --percent 50 --as li
    xihu edition show 2019-20

Times are local (the TIME_ZONE setting, Asia/Shanghai)."""

from datetime import datetime

from django.core.management.base import CommandError
from django.utils import timezone

from xihu.apps.editions import services
from xihu.apps.editions.copying import edition_copy, grant_proposal_confirm
from xihu.apps.editions.models import Edition, GrantProposal
from xihu.apps.editions.stages import Stage
from xihu.apps.manage.management.base import BackOfficeCommand
from xihu.apps.manage.management.edition_show import show
from xihu.apps.voting.services import turnout_target_set

RULE_OPTIONS = (("--max-choices", int), ("--min-age", int))


def local_time(text: str | None) -> datetime | None:
    if text in (None, "", "none"):
        return None
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"):
        try:
            return timezone.make_aware(datetime.strptime(text, pattern))
        except ValueError:
            continue
    raise CommandError(f"Not a date and time: {text!r} (use e.g. \"2020-01-28 09:00\").")


class Command(BackOfficeCommand):
    help = "Create, copy and plan editions; set budgets, rules and targets; show an edition (ledgered)."

    def add_subcommands(self):
        p = self.sub("create", "a new edition in set-up, budgets for every live unit")
        p.add_argument("--district", required=True)
        self._naming(p)
        p.add_argument("--community-budget", type=int, default=300_000)
        p.add_argument("--street-budget", type=int, default=1_000_000)
        p.add_argument("--max-choices", type=int, default=5)
        p.add_argument("--min-age", type=int, default=15)
        p.add_argument("--rule", default=Edition.Rule.GREEDY, choices=Edition.Rule.values)
        p.add_argument("--tie-break", default=Edition.TieBreak.LOWER_COST, choices=Edition.TieBreak.values)
        p = self.sub("copy", "next year's edition as a copy of an earlier one")
        p.add_argument("--from", dest="source", required=True, help="the earlier edition's short name")
        self._naming(p)
        p.add_argument("--years", type=int, default=1, help="shift the plan by this many years")
        p = self.sub("plan", "plan or re-plan one stage's dates")
        p.add_argument("slug")
        p.add_argument("--stage", required=True, choices=Stage.values)
        p.add_argument("--start", required=True)
        p.add_argument("--end", default=None)
        p.add_argument("--note", default="")
        p.add_argument("--reason", default="", help="required once the stage has started")
        p = self.sub("budget", "a unit's budget, or every street's or community's")
        p.add_argument("slug")
        target = p.add_mutually_exclusive_group(required=True)
        target.add_argument("--unit")
        target.add_argument("--level", choices=["street", "community"])
        p.add_argument("--amount", type=int, required=True)
        p = self.sub("rules", "ballot rules, selection rule, tie-break (unspecified ones stay)")
        p.add_argument("slug")
        for option, kind in RULE_OPTIONS:
            p.add_argument(option, type=kind)
        p.add_argument("--rule", choices=Edition.Rule.values)
        p.add_argument("--tie-break", choices=Edition.TieBreak.values)
        p = self.sub("confirm-grants", "confirm the grants copied from the earlier edition")
        p.add_argument("slug")
        p.add_argument("--grantor", required=True, help="the district's or your street's code")
        p = self.sub("target", "a street's own turnout target")
        p.add_argument("slug")
        p.add_argument("--street", required=True)
        p.add_argument("--percent", type=int, required=True)
        p = self.sub("show", "print an edition's rules, budgets, plan and changes", actor=False)
        p.add_argument("slug")

    @staticmethod
    def _naming(parser):
        parser.add_argument("--slug", required=True, help="short name used in addresses, e.g. 2019-20")
        parser.add_argument("--name", required=True)
        parser.add_argument("--name-en", default="")

    @staticmethod
    def edition(slug: str) -> Edition:
        edition = Edition.objects.select_related("district").filter(slug=slug).first()
        if edition is None:
            raise CommandError(f"No edition {slug!r}.")
        return edition

    def do_create(self, options):
        edition = services.edition_create(
            district=self.unit(options["district"]), slug=options["slug"], name=options["name"],
            name_en=options["name_en"], community_budget=options["community_budget"],
            street_budget=options["street_budget"], max_choices=options["max_choices"],
            min_age=options["min_age"], selection_rule=options["rule"], tie_break=options["tie_break"],
            actor=self.actor(options))
        self.say(f"Created the edition {edition.slug} ({edition.name}), in set-up.")

    def do_copy(self, options):
        edition = edition_copy(source=self.edition(options["source"]), slug=options["slug"],
                               name=options["name"], name_en=options["name_en"], years=options["years"],
                               actor=self.actor(options))
        waiting = GrantProposal.objects.filter(edition=edition).count()
        self.say(f"Created the edition {edition.slug} as a copy of {options['source']}; "
                 f"{waiting} sets of copied grants wait for confirmation (`xihu edition confirm-grants`).")

    def do_plan(self, options):
        plan = services.edition_plan_stage(
            edition=self.edition(options["slug"]), stage=options["stage"],
            starts_at=local_time(options["start"]), ends_at=local_time(options["end"]),
            note=options["note"], reason=options["reason"], actor=self.actor(options))
        end = f" to {timezone.localtime(plan.ends_at):%Y-%m-%d %H:%M}" if plan.ends_at else ""
        self.say(f"Planned {plan.stage}: from {timezone.localtime(plan.starts_at):%Y-%m-%d %H:%M}{end}.")

    def do_budget(self, options):
        edition, actor = self.edition(options["slug"]), self.actor(options)
        if options["level"]:
            n = services.budget_set_level(edition=edition, kind=options["level"], amount=options["amount"],
                                          actor=actor)
            self.say(f"Every {options['level']} ({n}): {options['amount']:,} yuan.")
        else:
            row = services.budget_set(edition=edition, unit=self.unit(options["unit"]),
                                      amount=options["amount"], actor=actor)
            self.say(f"{row.unit.code}: {row.amount:,} yuan.")

    def do_rules(self, options):
        edition = self.edition(options["slug"])
        given = {"max_choices": options["max_choices"], "min_age": options["min_age"],
                 "selection_rule": options["rule"], "tie_break": options["tie_break"]}
        rules = {k: getattr(edition, k) if v is None else v for k, v in given.items()}
        edition = services.edition_set_rules(edition=edition, actor=self.actor(options), **rules)
        self.say(f"Rules of {edition.slug}: at most {edition.max_choices} choices, minimum age "
                 f"{edition.min_age}, {edition.selection_rule}, tie-break {edition.tie_break}.")

    def do_confirm_grants(self, options):
        edition = self.edition(options["slug"])
        proposal = GrantProposal.objects.filter(edition=edition, grantor__code=options["grantor"]).first()
        if proposal is None:
            raise CommandError(f"No copied grants of {options['grantor']} in {edition.slug}.")
        granted = grant_proposal_confirm(proposal=proposal, actor=self.actor(options))
        self.say(f"Confirmed: {len(granted)} grants of {options['grantor']} are now in force.")

    def do_target(self, options):
        target = turnout_target_set(edition=self.edition(options["slug"]), street=self.unit(options["street"]),
                                    percent=options["percent"], actor=self.actor(options))
        self.say(f"{target.unit.code} aims for a turnout of {target.percent}%.")

    def do_show(self, options):
        for line in show(self.edition(options["slug"])):
            self.stdout.write(line)
