"""{% manage_links user edition as links %}: the back-office pages this person may use, for the
role home page. (The public list of role holders is linked from the edition page.)"""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role

register = template.Library()


@dataclass(frozen=True)
class Link:
    key: str
    label: str
    url: str
    note: str = ""


@register.simple_tag
def manage_links(user, edition=None) -> list[Link]:
    from xihu.apps.manage.views.home import pending_proposals

    links: list[Link] = []
    held = list(user.roles.select_related("unit")) if user is not None and user.is_authenticated else []
    for ra in held:
        unit = ra.unit
        if ra.role == Role.DISTRICT_ADMIN:
            links += [
                Link("units", _("Units and residents"), reverse("manage:unit", args=[unit.code])),
                Link("people", _("People and roles"), reverse("manage:people_in", args=[unit.code])),
                Link("editions", _("Editions: create, copy, plan"), reverse("manage:editions_of", args=[unit.code])),
                Link("organisations", _("Social organisations"), reverse("manage:organisations", args=[unit.code])),
            ]
            if not any(link.key == "lockouts" for link in links):
                links.append(Link("lockouts", _("Locked logins"), reverse("manage:lockouts")))
            if edition is not None and edition.district_id == unit.pk:
                links += [
                    Link("edition", _("Set up this edition"), reverse("manage:edition", args=[edition.slug])),
                    Link("plan", _("Plan the stages"), reverse("manage:plan", args=[edition.slug])),
                    Link("budgets", _("Budgets"), reverse("manage:budgets", args=[edition.slug])),
                ]
        elif ra.role == Role.STREET_OFFICER:
            links += [
                Link("people", _("People of %(unit)s") % {"unit": unit},
                     reverse("manage:people_in", args=[unit.code])),
                Link("target", _("Turnout target of %(unit)s") % {"unit": unit},
                     reverse("manage:targets", args=[unit.code])),
            ]
    if held:
        pending = pending_proposals(user)
        if pending:
            links.append(Link("grants", _("Copied grants to confirm"), reverse("manage:index"),
                              note=str(len(pending))))
    return links
