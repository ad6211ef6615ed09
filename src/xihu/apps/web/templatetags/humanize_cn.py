"""Money for people: integer yuan with thousands separators and the unit."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def yuan(amount) -> str:
    if amount is None or amount == "":
        return "–"
    return _("%(amount)s yuan") % {"amount": f"{int(amount):,}"}


@register.filter
def pct_step(share) -> str:
    """A share in percent as the CSS class that sets that width (xihu/widths.css, whole
    percents 0-100): bar widths without a style attribute, which the Content-Security-Policy
    forbids. Bad or missing values give an empty bar; values past 100 a full one."""
    try:
        value = round(float(share))
    except (TypeError, ValueError):
        value = 0
    return f"w-{min(100, max(0, value))}"


@register.filter
def thousands(number) -> str:
    """An integer with thousands separators ("300,000"), for figures inside a sentence."""
    if number is None or number == "":
        return "–"
    return f"{int(number):,}"
