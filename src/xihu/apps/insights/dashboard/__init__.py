"""The abuse dashboard (PROCESS.md section 4) for the street, the expert group and the public:
the four abuses the study found, each item in words with its public-log entries."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.insights.cache import cached
from xihu.apps.insights.dashboard.data import JUMP_FACTOR, dashboard_data
from xihu.apps.insights.evidence import Link, links, log_link, object_log, page_link
from xihu.apps.organisation.models import Unit


@dataclass
class Item:
    text: str
    unit: str
    links: list[Link] = field(default_factory=list)
    mild: bool = False


@dataclass
class Section:
    key: str
    title: str
    explanation: str
    items: list[Item]
    people: list[dict] = field(default_factory=list)  # per staff member, where the section has a table


@dataclass
class Board:
    edition: Edition
    sections: list[Section]
    streets: list[dict]

    @property
    def total(self) -> int:
        return sum(len(s.items) for s in self.sections)


def _names(edition: Edition) -> dict[str, str]:
    english = (get_language() or "").startswith("en")
    return {code: (en if english and en else name) for code, name, en in
            Unit.objects.filter(parent__parent=edition.district).values_list("code", "name", "name_en")} | {
        code: (en if english and en else name) for code, name, en in
        Unit.objects.filter(parent=edition.district).values_list("code", "name", "name_en")}


def _who(row: dict) -> str:
    return row.get("display") or row.get("username") or "-"


def _local(value) -> str:
    return timezone.localtime(value).strftime("%m-%d %H:%M")


def _counts(slug: str, data: dict, names: dict) -> Section:
    items = []
    for t in data["typed"]:
        scope = (_("votes for item %(n)s") % {"n": t["item__number"]}) if t["item__number"] else _("ballots")
        where = (_("box %(box)s") % {"box": t["box__code"]}) if t["box__code"] else _("the whole session")
        items.append(Item(_("%(who)s typed %(typed)s %(scope)s (%(where)s); the ballot records give %(computed)s.")
                          % {"who": _who(t), "typed": t["value"], "scope": scope, "where": where,
                             "computed": t["computed"]}, names.get(t["community"], t["community"]),
                          links(object_log(_("log entry"), slug, "results.typedtotal", t["pk"]),
                                page_link(_("count session"), "results:session", slug, pk=t["session_id"]))))
    for s in data["signoffs"]:
        items.append(Item(_("Box %(box)s signed off by %(who)s with %(counted)s ballots counted, %(sealed)s at "
                            "the seal and %(registered)s registrations (explained in writing).")
                          % {"box": s["box__code"], "who": _who(s), "counted": s["counted"],
                             "sealed": s["sealed"] if s["sealed"] is not None else "-",
                             "registered": s["registered"] if s["registered"] is not None else "-"},
                          names.get(s["community"], s["community"]),
                          links(object_log(_("log entry"), slug, "results.boxsignoff", s["pk"]),
                                object_log(_("explanations"), slug, "results.countsession", s["session_id"]),
                                page_link(_("count session"), "results:session", slug, pk=s["session_id"])),
                          mild=True))
    return Section("counts", _("Count differences"),
                   _("Totals typed by counters that differ from the ballot records, and boxes whose count "
                     "differed from their seal or registrations when signed off."), items)


def _seals(slug: str, data: dict, names: dict) -> Section:
    items = []
    for s in data["seals"]:
        evidence = links(object_log(_("log entry"), slug, "voting.seal", s["pk"]),
                         page_link(_("stations"), "voting:stations", slug, unit=s["community"]))
        where = {"station": s["box__station__name"], "box": s["box__code"], "when": _local(s["at"])}
        if s["kind"] == "seal":
            items.append(Item(_("%(station)s, box %(box)s, sealed %(when)s with %(declared)s paper sheets "
                                "declared, but %(handed)s paper ballots were handed out there.")
                              % {**where, "declared": s["paper_in_box"], "handed": s["handed_out"]},
                              names.get(s["community"], s["community"]), evidence))
            continue
        found = []
        if s["intact"] is False:
            found.append(_("the seal was found broken"))
        if s["seal_number"] != s["prev_number"]:
            found.append(_("seal number %(found)s found, %(sealed)s was sealed")
                         % {"found": s["seal_number"], "sealed": s["prev_number"]})
        if s["ballots_in_box"] != s["prev_count"]:
            found.append(_("%(found)s ballots at reopening, %(sealed)s at the seal")
                         % {"found": s["ballots_in_box"], "sealed": s["prev_count"]})
        items.append(Item(_("%(station)s, box %(box)s, reopened %(when)s: %(found)s.")
                          % {**where, "found": _("; ").join(found)}, names.get(s["community"], s["community"]),
                          evidence))
    return Section("seals", _("Seal mismatches"),
                   _("A box reopened in the morning must show the seal number and ballot count it was "
                     "sealed with the night before; the paper sheets declared at a seal must match the "
                     "paper ballots handed out at that box."), items)


def _bursts(slug: str, data: dict, names: dict) -> Section:
    items = [Item(_("%(who)s registered %(n)s people at %(station)s between %(start)s and %(end)s.")
                  % {"who": b["officer"], "n": b["people"], "station": b["station"], "start": _local(b["start"]),
                     "end": timezone.localtime(b["end"]).strftime("%H:%M")}, names.get(b["community"], ""),
                  links(object_log(_("first registration"), slug, "voting.registration", b["registration"]),
                        log_link(_("batches by this officer"), slug, actor=b["username"],
                                 action="voting.register_batch")))
             for b in data["bursts"]]
    return Section("bursts", _("Registration bursts per officer"),
                   _("Many people registered by one officer within minutes: turnout pressure, or ballots "
                     "for people who did not come."), items)


def _screening(slug: str, data: dict) -> Section:
    items, people = [], []
    for p in data["screening"]:
        row = {**p, "who": _who(p), "links": links(
            log_link(_("exclusions"), slug, actor=p["username"], action="proposal.exclude") if p["exclude"] else None,
            log_link(_("reviews"), slug, actor=p["username"], action="proposal.review")
            if p["confirm"] or p["reinstate"] else None)}
        people.append(row)
        if p["exclude"] >= 2 and p["reinstated"] * 4 >= p["exclude"]:
            items.append(Item(_("The street reinstated %(r)s of the %(n)s proposals %(who)s excluded.")
                              % {"r": p["reinstated"], "n": p["exclude"], "who": row["who"]}, "", row["links"]))
    return Section("screening", _("Exclusions and reinstatements per staff member"),
                   _("Who excluded proposals, and how often the street found an exclusion wrong and "
                     "reinstated it (a quarter or more is listed above the table)."), items, people)


def _merges(slug: str, data: dict) -> Section:
    people = [{**m, "who": _who(m), "links": links(
        log_link(_("merges"), slug, actor=m["username"], action="project.merge"),
        log_link(_("undone"), slug, actor=m["username"], action="project.undo") if m["undone"] else None)}
        for m in data["merges"]]
    return Section("merges", _("Merges per staff member"),
                   _("Who merged proposals into projects, how many proposals they joined, and how many "
                     "merges were undone."), [], people)


def _turnout(slug: str, data: dict, names: dict) -> Section:
    items = []
    for j in data["turnout"]["jumps"]:
        target = (_("its street's target is %(t)s%%") % {"t": j["target"]}) if j["target"] else _(
            "its street set no target")
        items.append(Item(_("%(day)s: %(n)s voters, %(x)s times its usual %(usual)s a day (%(total)s in all; "
                            "%(target)s).")
                          % {"day": j["day"].strftime("%m-%d"), "n": j["voters"],
                             "x": round(j["voters"] / max(j["usual"], 1), 1), "usual": j["usual"],
                             "total": j["total"], "target": target},
                          names.get(j["community"], j["community"]),
                          links(log_link(_("registration batches"), slug, action="voting.register_batch",
                                         community=j["community"]),
                                log_link(_("single registrations"), slug, action="voting.register",
                                         community=j["community"])),
                          mild=not j["target"]))
    return Section("turnout", _("Turnout jumps against targets"),
                   _("Days on which a community's voters reached %(x)s times its usual day, marked where "
                     "its street set a turnout target.") % {"x": JUMP_FACTOR}, items)


def dashboard(edition: Edition) -> Board:
    data = cached("dashboard", edition, lambda: dashboard_data(edition))
    names, slug = _names(edition), edition.slug
    streets = [{"name": names.get(s["street"], s["street"]), "target": s["target"]}
               for s in data["turnout"]["streets"]]
    return Board(edition, [_counts(slug, data, names), _seals(slug, data, names), _bursts(slug, data, names),
                           _screening(slug, data), _merges(slug, data), _turnout(slug, data, names)],
                 streets)
