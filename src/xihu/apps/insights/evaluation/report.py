"""The evaluation report in the reader's language: each test's verdict, its findings per edition
and per community, and the evidence each finding rests on (pages and public-log entries).

The facts are cached per log head (evaluation/facts.py); the verdicts come from the rules in
xihu.verifier.evaluation, the same ones the standalone verifier applies to the export."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from xihu.apps.editions.models import Edition
from xihu.apps.editions.stages import Stage
from xihu.apps.insights.cache import cached
from xihu.apps.insights.evaluation import findings
from xihu.apps.insights.evaluation.facts import evaluation_facts
from xihu.apps.insights.evaluation.findings import Finding
from xihu.apps.insights.evidence import links, object_log, page_link
from xihu.verifier import evaluation as rules

VERDICTS = {
    rules.PASSED: gettext_lazy("passed"), rules.FAILED: gettext_lazy("failed"),
    rules.PARTLY: gettext_lazy("partly"), rules.NO_DATA: gettext_lazy("no data"),
}


@dataclass
class UnitRow:
    code: str
    name: str
    street: str
    verdict: str
    findings: list[Finding]

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS[self.verdict])


@dataclass
class TestReport:
    key: str
    title: str
    question: str
    verdict: str
    findings: list[Finding]
    units: list[UnitRow]

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS[self.verdict])

    @property
    def rows(self) -> list[tuple[str, str]]:
        """(unit, finding) pairs: the flat form the former results page shows."""
        return [(u.name, f.text) for u in self.units for f in u.findings]


@dataclass
class EvaluationReport:
    edition: Edition
    facts: dict
    verdicts: dict
    tests: list[TestReport]


def unit_name(unit: dict) -> str:
    return unit["name_en"] if (get_language() or "").startswith("en") and unit.get("name_en") else unit["name"]


def facts_for(edition: Edition) -> dict:
    """The cached facts, judged at this moment (a stage still open grows late with the clock)."""
    facts = cached("evaluation", edition, lambda: evaluation_facts(edition))
    return {**facts, "computed_at": timezone.now().isoformat()}


def _procedure(edition: Edition, facts: dict, verdicts: dict) -> TestReport:
    slug, judged = edition.slug, verdicts["procedure"]
    stage_log = object_log(_("log: stage plans and changes"), slug, "editions.edition", edition.pk)
    edition_page = page_link(_("the edition's timeline"), "web:edition", slug, slug=slug)
    rows = []
    by_stage = {s["stage"]: s for s in facts["stages"]}
    for check in judged["stages"]:
        if not check["entered"]:
            continue
        rows.append(Finding(findings.stage_text(Stage(check["stage"]).label, by_stage[check["stage"]], check),
                            check["ok"], links(edition_page, stage_log)))
    units = []
    for unit in facts["units"]:
        checks = judged["units"][unit["code"]]["checks"]
        units.append(UnitRow(unit["code"], unit_name(unit), unit["street"],
                             judged["units"][unit["code"]]["verdict"],
                             findings.procedure_unit(slug, unit, checks)))
    late = [s for s in judged["stages"] if s["late_entry"] or s["late_exit"]]
    summary = [Finding(_("%(late)s of %(entered)s stages entered so far ran late against their plan.")
                       % {"late": len(late), "entered": sum(1 for s in judged["stages"] if s["entered"])},
                       not late)]
    waiting = sum(u["exclusions"]["unreviewed"] for u in facts["units"])
    if rules.reached(facts["edition"]["stage"], Stage.SCREENING):
        summary.append(Finding(_("%(n)s exclusions were never reviewed by the street.") % {"n": waiting}
                               if waiting else _("Every exclusion was reviewed by the street."), waiting == 0))
    return TestReport("procedure", _("1. A repeatable decision process"),
                      _("Were the defined procedures followed: stages on time, roles present, every "
                        "exclusion reviewed, the count's rules kept?"),
                      judged["verdict"], summary + rows, units)


def _deliberation(edition: Edition, facts: dict, verdicts: dict) -> TestReport:
    judged = verdicts["deliberation"]
    units = [UnitRow(u["code"], unit_name(u), u["street"], judged["units"][u["code"]]["verdict"],
                     findings.deliberation_unit(edition.slug, u, judged["units"][u["code"]]["checks"]))
             for u in facts["units"]]
    held = sum(1 for u in judged["units"].values() if u["checks"]["held"])
    summary = [Finding(_("%(held)s of %(n)s communities held a screening assembly with residents present.")
                       % {"held": held, "n": len(units)},
                       None if judged["verdict"] == rules.NO_DATA else held == len(units))]
    return TestReport("deliberation", _("2. Open and repeated deliberation"),
                      _("Were assemblies held, with round tables of 8-12 residents and their roles, "
                        "open invitations, nominations and a plenary vote?"),
                      judged["verdict"], summary, units)


def _allocation(edition: Edition, facts: dict, verdicts: dict) -> TestReport:
    judged, slug = verdicts["allocation"], edition.slug
    names = {u["code"]: unit_name(u) for u in facts["units"]}
    per_unit: dict[str, list[Finding]] = {}
    for ballot in facts["ballots"]:
        per_unit.setdefault(ballot["unit"], []).append(findings.allocation_ballot(slug, ballot))
    units = []
    for code, rows in per_unit.items():
        units.append(UnitRow(code, names.get(code, code), "", judged["units"][code]["verdict"], rows))
    confirmed = [b for b in facts["ballots"] if b["confirmed"]]
    departed = [b for b in confirmed if rules.deviates(b)]
    summary = [Finding(_("%(ok)s of %(n)s confirmed results keep the computed winners; %(wait)s of "
                         "%(all)s ballots await confirmation.")
                       % {"ok": len(confirmed) - len(departed), "n": len(confirmed),
                          "wait": len(facts["ballots"]) - len(confirmed), "all": len(facts["ballots"])},
                       None if not confirmed else not departed,
                       links(page_link(_("results"), "results:overview", slug, slug=slug)))]
    return TestReport("allocation", _("3. Allocation power with residents"),
                      _("Did the street confirm the winners the residents' votes computed, unchanged?"),
                      judged["verdict"], summary, units)


def evaluation_report(edition: Edition) -> EvaluationReport:
    facts = facts_for(edition)
    verdicts = rules.evaluate(facts)
    return EvaluationReport(edition, facts, verdicts, [
        _procedure(edition, facts, verdicts), _deliberation(edition, facts, verdicts),
        _allocation(edition, facts, verdicts)])
