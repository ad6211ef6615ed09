"""The words of each notice, rendered in the follower's language from the notice's kind and
values (stored as values, not text, so a notice reads right in whichever language is chosen)."""

from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from xihu.apps.proposals.models import ExclusionReason
from xihu.apps.results.models import ImplementationUpdate


def _reason(code: str) -> str:
    try:
        return str(ExclusionReason(code).label)
    except ValueError:
        return code


def _status(code: str) -> str:
    try:
        return str(ImplementationUpdate.Status(code).label)
    except ValueError:
        return code


def _subject(params: dict) -> str:
    if params.get("receipt"):
        return _("Your followed proposal %(receipt)s") % params
    return _("Project “%(title)s”") % {"title": params.get("title", "")}


def notice_text(kind: str, params: dict) -> str:
    """The text of a notice in the active language."""
    p = {**params, "subject": _subject(params)}
    if (get_language() or "").startswith("en") and params.get("unit_en"):
        p["unit"] = params["unit_en"]
    if kind == "excluded":
        return _("%(subject)s was excluded at screening. Reason: %(reason)s. %(explanation)s") % {
            **p, "reason": _reason(p.get("reason", ""))}
    if kind == "exclusion_confirmed":
        return _("%(subject)s: the street confirmed the exclusion (%(reason)s).") % {
            **p, "reason": _reason(p.get("reason", ""))}
    if kind == "reinstated":
        return _("%(subject)s: the street reinstated it; it goes on to the assembly.") % p
    if kind == "merged":
        return _("%(subject)s was merged into project #%(project)s “%(title)s”.") % p
    if kind == "screened":
        return _("%(subject)s passed screening: project “%(title)s” is number %(number)s on the "
                 "list of the residents' assembly.") % p
    if kind == "shortlisted":
        return _("%(subject)s: project “%(title)s” was shortlisted for the ballot of %(unit)s.") % p
    if kind == "on_ballot":
        return _("%(subject)s: project “%(title)s” is number %(number)s on the ballot of "
                 "%(unit)s. Vote in person at your community's polling station.") % p
    if kind == "won":
        return _("%(subject)s: project “%(title)s” won the vote and will be funded.") % p
    if kind == "lost":
        return _("%(subject)s: project “%(title)s” was not among the winners this year.") % p
    if kind == "milestone":
        return _("%(subject)s: implementation of “%(title)s” is %(status)s. %(milestone)s") % {
            **p, "status": _status(p.get("status", ""))}
    return _("%(subject)s changed.") % p


def notice_text_in(language: str, kind: str, params: dict) -> str:
    with override(language):
        return notice_text(kind, params).strip()
