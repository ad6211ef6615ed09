"""The difference between the edition's rule and Equal Shares, in plain words."""

from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition


def _titles(rows) -> str:
    return "、".join(f"{r.item.number}. {r.item.title}" for r in rows)


def comparison_text(result) -> list[str]:
    """Sentences for a BallotResult (which has rows with .computed and .compared)."""
    rule = result.result.comparison.get("rule", "mes")
    other = (_("the Method of Equal Shares") if rule == "mes"
             else _("the greedy rule (most votes first)"))
    only_main = [r for r in result.rows if r.computed and not r.compared]
    only_other = [r for r in result.rows if r.compared and not r.computed]
    if not only_main and not only_other:
        return [_("For information: %(other)s would fund exactly the same projects.") % {"other": other}]
    lines = [_("For information: %(other)s would fund a different set of projects.") % {"other": other}]
    if only_other:
        lines.append(_("It would also fund: %(list)s.") % {"list": _titles(only_other)})
    if only_main:
        lines.append(_("It would not fund: %(list)s.") % {"list": _titles(only_main)})
    if rule == "mes" and result.ballot.edition.selection_rule != Edition.Rule.MES:
        lines.append(_(
            "Why: the greedy rule takes the projects with the most votes first until the money "
            "runs out, even when the same voters back all of them. Equal Shares gives every voter "
            "an equal share of the budget; a project is funded only if its own supporters can pay "
            "for it from their shares, so projects backed by different groups of voters get a turn."))
    else:
        lines.append(_(
            "Why: Equal Shares funds a project only if its supporters can pay for it from equal "
            "shares of the budget; the greedy rule simply follows the vote totals."))
    lines.append(_("The result that counts is the edition's rule; this comparison changes nothing."))
    return lines
