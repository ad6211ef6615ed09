"""Findings in words, each with the evidence it rests on: one function per test and unit."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xihu.apps.insights.evidence import Link, links, log_link, object_log, page_link
from xihu.clock import local_minute
from xihu.verifier import evaluation as rules


@dataclass
class Finding:
    text: str
    ok: bool | None = None
    links: list[Link] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text


def duration(seconds: int) -> str:
    days, rest = divmod(int(seconds), 86400)
    if days:
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": f"{days:,}"}
    hours = max(1, rest // 3600)
    return ngettext("%(n)s hour", "%(n)s hours", hours) % {"n": hours}


def day(text: str | None) -> str:
    if not text:
        return "-"
    return local_minute(datetime.fromisoformat(text))


def stage_text(label, facts: dict, check: dict) -> str:
    parts = [_("%(stage)s: entered %(on)s") % {"stage": label, "on": day(facts["entered_at"])}]
    if not check["planned"]:
        parts.append(_("no plan was set for this stage"))
    else:
        parts.append(_("planned %(start)s to %(end)s") % {"start": day(facts["planned_start"]),
                                                        "end": day(facts["planned_end"])})
    if check["late_entry"]:
        parts.append(_("entered %(late)s late") % {"late": duration(check["late_entry"])})
    if check["late_exit"]:
        if check["still_open"]:
            parts.append(_("still open %(late)s past its deadline") % {"late": duration(check["late_exit"])})
        else:
            parts.append(_("left %(late)s late") % {"late": duration(check["late_exit"])})
    if check["ok"]:
        parts.append(_("on time"))
    return _("%(list)s.") % {"list": _("; ").join(str(p) for p in parts)}


def procedure_unit(slug: str, unit: dict, checks: dict) -> list[Finding]:
    code, out = unit["code"], []
    excl = unit["exclusions"]
    review_links = links(page_link(_("the street's review"), "proposals:review", slug, unit=unit["street"]),
                         log_link(_("log: exclusions"), slug, action="proposal.exclude", community=code),
                         log_link(_("log: reviews"), slug, action="proposal.review"))
    if checks["exclusions_reviewed"] is None:
        out.append(Finding(_("Screening has not started."), None))
    elif excl["unreviewed"]:
        out.append(Finding(_("%(open)s of %(n)s exclusions were never reviewed by the street.")
                           % {"open": excl["unreviewed"], "n": excl["total"]}, False, review_links))
    else:
        out.append(Finding(_("All %(n)s exclusions were reviewed by the street.") % {"n": excl["total"]},
                           True, review_links))
    assembly = unit.get("assembly")
    assembly_links = links(page_link(_("assembly"), "assemblies:unit", slug, unit=code),
                           object_log(_("log: assembly"), slug, "assemblies.assembly", assembly["id"])
                           if assembly else None)
    if checks["table_roles"] is not None:
        lacking = [t["table"] for t in unit["tables"] if not all(t[r] for r in rules.TABLE_ROLES)]
        text = (_("Every table had a host, a recorder and a technical adviser.") if not lacking else
                _("Tables %(tables)s lacked a host, a recorder or a technical adviser.")
                % {"tables": ", ".join(str(t) for t in lacking)})
        out.append(Finding(text, checks["table_roles"], assembly_links))
    count = unit["count"]
    count_links = links(*[page_link(_("count session"), "results:session", slug, pk=pk)
                          for pk in count["session_ids"]],
                        *[object_log(_("log: count"), slug, "results.countsession", pk)
                          for pk in count["session_ids"]])
    if checks["count_rules"] is True:
        out.append(Finding(_("The count was closed in public with %(n)s independent scrutineer(s).")
                           % {"n": count["independent_scrutineers"]}, True, count_links))
    elif checks["count_rules"] is False:
        text = (_("No count session was closed.") if not count["closed"]
                else _("No independent scrutineer signed the count."))
        out.append(Finding(text, False, count_links))
    return out


def deliberation_unit(slug: str, unit: dict, checks: dict) -> list[Finding]:
    code, assembly = unit["code"], unit.get("assembly")
    if assembly is None:
        text = _("No screening assembly was recorded.") if checks["held"] is False else _(
            "No screening assembly has been scheduled yet.")
        return [Finding(text, checks["held"])]
    evidence = links(page_link(_("assembly"), "assemblies:unit", slug, unit=code),
                     page_link(_("ranked list"), "assemblies:ranking", slug, unit=code),
                     object_log(_("log: assembly"), slug, "assemblies.assembly", assembly["id"]))
    if not checks["held"]:
        return [Finding(_("An assembly was scheduled for %(on)s, but nobody was checked in.")
                        % {"on": day(assembly["starts_at"])}, False, evidence)]
    tables = unit["tables"]
    out = [Finding(_("Assembly held on %(on)s: %(n)s people checked in at %(t)s tables.")
                   % {"on": day(assembly["starts_at"]), "n": assembly["checked_in"], "t": len(tables)},
                   True, evidence)]
    outside = [t for t in tables if not rules.TABLE_MIN_RESIDENTS <= t["residents"] <= rules.TABLE_MAX_RESIDENTS]
    if outside:
        text = _("%(bad)s of %(n)s tables outside 8-12 residents: %(list)s.") % {
            "bad": len(outside), "n": len(tables),
            "list": ", ".join(_("table %(t)s had %(r)s") % {"t": t["table"], "r": t["residents"]}
                              for t in outside)}
    else:
        text = _("All %(n)s tables had 8-12 residents.") % {"n": len(tables)}
    out.append(Finding(text, checks["tables_sized"], evidence))
    invited = assembly["invited"]
    rate = round(100 * assembly["checked_in_invited"] / invited) if invited else 0
    out.append(Finding(_("%(came)s of %(invited)s invited came (%(rate)s%%); %(door)s came without "
                         "an invitation.") % {"came": assembly["checked_in_invited"], "invited": invited,
                                              "rate": rate, "door": assembly["at_door"]},
                       checks["attendance"], evidence))
    out.append(Finding(_("Invited: %(leaders)s leaders, %(proposers)s proposers and %(others)s other "
                         "residents.") % {"leaders": assembly["invited_leaders"],
                                          "proposers": assembly["invited_proposers"],
                                          "others": assembly["invited_others"]},
                       checks["open"], evidence))
    nominated = sum(t["nominations"] for t in tables)
    out.append(Finding(_("%(n)s nominations from %(t)s tables (%(each)s per table expected).")
                       % {"n": nominated, "t": len(tables), "each": rules.NOMINATIONS_PER_TABLE},
                       checks["nominations"], evidence))
    out.append(Finding(_("%(n)s plenary ballots counted.") % {"n": assembly["plenary_ballots"]}
                       if assembly["plenary_ballots"] else _("No plenary vote was recorded."),
                       checks["plenary"], evidence))
    return out


def allocation_ballot(slug: str, ballot: dict) -> Finding:
    kind = _("community ballot") if ballot["kind"] == "community" else _("street ballot")
    evidence = links(page_link(_("results"), "results:unit", slug, slug=slug, code=ballot["unit"]),
                     object_log(_("log: computed result"), slug, "results.selectionresult",
                                ballot["result_id"]) if ballot["result_id"] else None,
                     object_log(_("log: confirmation"), slug, "results.confirmation",
                                ballot["confirmation_id"]) if ballot["confirmation_id"] else None)
    if not ballot["computed"]:
        return Finding(_("%(kind)s: not counted yet.") % {"kind": kind}, None, evidence)
    if not ballot["confirmed"]:
        return Finding(_("%(kind)s: computed, awaiting the street's confirmation.") % {"kind": kind},
                       None, evidence)
    if rules.deviates(ballot):
        return Finding(_("%(kind)s: the street departed from the computed winners %(computed)s and "
                         "confirmed %(confirmed)s: “%(reason)s”")
                       % {"kind": kind, "computed": ballot["computed_winners"],
                          "confirmed": ballot["confirmed_winners"], "reason": ballot["reason"]},
                       False, evidence)
    return Finding(_("%(kind)s: the computed winners %(winners)s were confirmed unchanged.")
                   % {"kind": kind, "winners": ballot["confirmed_winners"]}, True, evidence)
