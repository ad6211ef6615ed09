"""Money for people: integer yuan with thousands separators and the unit."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def yuan(amount) -> str:
    if amount is None or amount == "":
        return "–"
    return _("%(amount)s yuan") % {"amount": f"{int(amount):,}"}
