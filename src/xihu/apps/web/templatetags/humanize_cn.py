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
def thousands(number) -> str:
    """An integer with thousands separators ("300,000"), for figures inside a sentence."""
    if number is None or number == "":
        return "–"
    return f"{int(number):,}"
