"""Input checks shared by creating, copying and changing an edition: each reason names its field."""

import re

from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.errors import Problems

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CHOICES = (1, 30)
MIN_AGE = (10, 30)
MAX_BUDGET = 10**12  # yuan: far above any district's budget, far below the column's limit


def check_names(problems: Problems, *, slug: str, name: str, name_en: str) -> None:
    if not SLUG.match(slug or "") or len(slug) > 60:
        problems.add("slug", _("Short name: use lowercase letters, digits and hyphens only "
                               "(at most 60), e.g. 2019-20."))
    elif Edition.objects.filter(slug=slug).exists():
        problems.add("slug", _("Short name: an edition called %(slug)s already exists.") % {"slug": slug})
    if not (name or "").strip():
        problems.add("name", _("Name (Chinese): this field is required."))
    elif len(name.strip()) > 120:
        problems.add("name", _("Name (Chinese): at most 120 characters."))
    if len((name_en or "").strip()) > 120:
        problems.add("name_en", _("Name (English): at most 120 characters."))


def check_rules(problems: Problems, *, max_choices: int, min_age: int, selection_rule: str,
                tie_break: str) -> None:
    low, high = MAX_CHOICES
    if not isinstance(max_choices, int) or not low <= max_choices <= high:
        problems.add("max_choices", _("Most choices on a ballot: a whole number from %(low)d to "
                                      "%(high)d.") % {"low": low, "high": high})
    low, high = MIN_AGE
    if not isinstance(min_age, int) or not low <= min_age <= high:
        problems.add("min_age", _("Minimum voting age: a whole number from %(low)d to %(high)d.")
                     % {"low": low, "high": high})
    if selection_rule not in Edition.Rule.values:
        problems.add("selection_rule", _("Selection rule: choose one of the listed rules."))
    if tie_break not in Edition.TieBreak.values:
        problems.add("tie_break", _("Tie-break: choose one of the listed tie-breaks."))


def budget_problem(amount) -> str | None:
    if not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_BUDGET:
        return _("A budget must be a positive whole number of yuan.")
    return None


def check_budgets(problems: Problems, **amounts: int) -> None:
    for field, amount in amounts.items():
        reason = budget_problem(amount)
        if reason:
            label = _("Budget per community") if field == "community_budget" else _("Budget per street")
            problems.add(field, f"{label}: {reason}")
