"""Every stage page carries its edition in its URL: /editions/<slug>/<stage app>/...

`scoped` turns the URL's `edition` slug into the Edition (a 404 in the reader's language for an
unknown slug) and remembers it on the request, so the main menu shows the edition being viewed.
Units and objects looked up on a scoped page must belong to that edition (else 404).
"""

from functools import wraps

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.organisation.models import Unit


def edition_or_404(slug: str) -> Edition:
    edition = Edition.objects.select_related("district").filter(slug=slug).first()
    if edition is None:
        raise Http404(_("There is no edition with the short name “%(slug)s”.") % {"slug": slug})
    return edition


def scoped(view):
    """The view receives `edition` as an Edition instead of the URL's slug."""

    @wraps(view)
    def wrapper(request, *args, edition: str, **kwargs):
        request.edition = edition_or_404(edition)
        return view(request, *args, edition=request.edition, **kwargs)

    return wrapper


def in_district(edition: Edition):
    """Units of the edition's district (the district, its streets and their communities)."""
    d = edition.district_id
    return Unit.objects.filter(Q(pk=d) | Q(parent_id=d) | Q(parent__parent_id=d))


def unit_or_404(edition: Edition, code: str, kind: str | None = None) -> Unit:
    """The unit with this code in the edition's district (and of this kind, when given)."""
    units = Unit.objects.select_related("parent").filter(code=code)  # codes are unique
    if kind is not None:
        units = units.filter(kind=kind)
    unit = units.first()
    d = edition.district_id
    if unit is not None and d not in (unit.pk, unit.parent_id, unit.parent.parent_id if unit.parent else None):
        unit = None  # a unit of another district
    if unit is None:
        raise Http404(_("%(edition)s has no unit “%(code)s”.") % {"edition": edition, "code": code})
    return unit


def api_edition(slug: str | None, district: Unit | None = None) -> Edition:
    """The JSON API's optional `edition` parameter: that edition, else the current one."""
    from ninja.errors import HttpError

    from xihu.apps.editions.selectors import current_edition

    if slug:
        edition = Edition.objects.select_related("district").filter(slug=slug).first()
        if edition is None:
            raise HttpError(404, _("There is no edition with the short name “%(slug)s”.") % {"slug": slug})
    else:
        edition = current_edition(district)
        if edition is None:
            raise HttpError(404, _("There is no edition yet."))
    if district is not None and edition.district_id != district.pk:
        raise HttpError(404, _("%(edition)s is not an edition of %(district)s.")
                        % {"edition": edition, "district": district})
    return edition
