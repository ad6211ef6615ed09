"""The unscoped URLs of before (/proposals/..., /assemblies/..., /ballots/..., /voting/...,
/results/...) redirect to the same page under /editions/<slug>/, so bookmarks and anything
printed keep working.

The edition is the one the object belongs to where the URL names one (a project, a ballot, a
count session, a tablet token, a receipt code, a sheet ID ...), else the current edition.
A GET is redirected with 302 (the current edition changes over the years); any other method
with 307, which keeps the method and the form.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import current_edition

LEGACY_APPS = ("proposals", "assemblies", "ballots", "voting", "results")
# /results/<edition slug>/... was scoped already: these first segments are pages, not slugs.
_RESULTS_PAGES = {"count", "sessions", "confirm", "projects", "photos"}


def _first(queryset, field: str) -> str | None:
    return queryset.values_list(field, flat=True).first()


def _proposal_receipt(kwargs, query) -> str | None:
    from xihu.apps.proposals.selectors.proposals import proposal_by_receipt

    proposal = proposal_by_receipt(query.get("code", "")) if query.get("code") else None
    return proposal.edition.slug if proposal else None


def _voting_receipt(kwargs, query) -> str | None:
    from xihu.apps.voting.services import receipt_check

    cast = receipt_check(query.get("code", "")) if query.get("code") else None
    return cast.box.station.edition.slug if cast else None


def _tablet(kwargs, query) -> str | None:
    from xihu.apps.voting.models import Box
    from xihu.apps.voting.tablet import read_token
    from xihu.errors import Refused

    try:
        _ballots, box_pk, _nonce = read_token(kwargs["token"])
    except Refused:
        return None
    return _first(Box.objects.filter(pk=box_pk), "station__edition__slug")


def _sheet(kwargs, query) -> str | None:
    from xihu.apps.ballots.models import Ballot
    from xihu.apps.ballots.sheets import parse_sheet_id

    parsed = parse_sheet_id(kwargs["sheet"])
    return _first(Ballot.objects.filter(pk=parsed[0]), "edition__slug") if parsed else None


def _by_pk(model_path: str, kwarg: str, field: str = "edition__slug"):
    def owner(kwargs, query) -> str | None:
        from django.apps import apps

        model = apps.get_model(model_path)
        return _first(model.objects.filter(pk=kwargs[kwarg]), field)

    return owner


# url name -> the edition (slug) of the object the URL names, or None when it names none.
OWNERS = {
    "proposals:receipt": _proposal_receipt,
    "proposals:project": _by_pk("proposals.Project", "pk"),
    "proposals:undo": _by_pk("proposals.Project", "pk"),
    "proposals:review_decide": _by_pk("proposals.ScreeningDecision", "pk", "proposal__edition__slug"),
    "proposals:entry_visit": _by_pk("proposals.Visit", "visit"),
    "ballots:ballot": _by_pk("ballots.Ballot", "pk"),
    "ballots:print": _by_pk("ballots.Ballot", "pk"),
    "ballots:run_pdf": _by_pk("ballots.Ballot", "pk"),
    "voting:receipt": _voting_receipt,
    "voting:tablet": _tablet,
    "voting:adjudicate": _sheet,
    "voting:seal": _by_pk("voting.Box", "box", "station__edition__slug"),
    "voting:box_add": _by_pk("voting.Station", "station"),
    "voting:shift_add": _by_pk("voting.Station", "station"),
    "results:session": _by_pk("results.CountSession", "pk"),
    "results:typed_total": _by_pk("results.CountSession", "pk"),
    "results:explain": _by_pk("results.CountSession", "pk"),
    "results:sign_box": _by_pk("results.CountSession", "pk"),
    "results:close": _by_pk("results.CountSession", "pk"),
    "results:confirm_ballot": _by_pk("ballots.Ballot", "ballot"),
    "results:item": _by_pk("ballots.BallotItem", "item", "ballot__edition__slug"),
    "results:item_update": _by_pk("ballots.BallotItem", "item", "ballot__edition__slug"),
    "results:photo": _by_pk("results.ImplementationUpdate", "update", "item__ballot__edition__slug"),
}


def _current_slug() -> str:
    edition = current_edition()
    if edition is None:
        raise Http404(_("There is no edition yet."))
    return edition.slug


def legacy_target(app: str, rest: str, query) -> str:
    """The scoped path for /<app>/<rest>?<query> (without the query string)."""
    query = query.copy()
    if app == "results":
        first, _sep, tail = rest.partition("/")
        if first and first not in _RESULTS_PAGES and Edition.objects.filter(slug=first).exists():
            return f"/editions/{first}/results/{tail}"
    # /voting/?edition=<slug> and /voting/record.json?edition=<slug> named their edition.
    slug = query.pop("edition", [""])[-1] if app == "voting" else ""
    if not (slug and Edition.objects.filter(slug=slug).exists()):
        slug = _current_slug()
    path = f"/editions/{slug}/{app}/{rest}"
    try:
        match = resolve(path)
    except Resolver404:
        raise Http404(_("This page does not exist.")) from None
    owner = OWNERS.get(match.view_name)
    found = owner(match.kwargs, query) if owner else None
    if found and found != slug:
        path = f"/editions/{found}/{app}/{rest}"
    return path


def legacy_redirect(request, app: str, rest: str = ""):
    query = request.GET.copy()
    path = legacy_target(app, rest, query)
    if app == "voting":
        query.pop("edition", None)
    if query:
        path = f"{path}?{urlencode(query, doseq=True)}"
    response = HttpResponseRedirect(path)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 307
    return response
