"""The study's three tests of an edition (PROCESS.md 3.8), computed from the records.

Where a stage app has recorded nothing the test says so ("no data") instead of guessing."""

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xihu.apps.editions.models import Edition
from xihu.apps.editions.selectors import edition_timeline
from xihu.apps.results import counting
from xihu.apps.results.models import Confirmation, CountSession, SelectionResult

PASSED, FAILED, NO_DATA, PARTLY = "passed", "failed", "no_data", "partly"
VERDICTS = {
    PASSED: gettext_lazy("passed"), FAILED: gettext_lazy("failed"),
    NO_DATA: gettext_lazy("no data"), PARTLY: gettext_lazy("partly"),
}


@dataclass
class Test:
    key: str
    title: str
    verdict: str
    findings: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)

    @property
    def verdict_label(self) -> str:
        return str(VERDICTS[self.verdict])


def repeatable_procedure(edition: Edition) -> Test:
    test = Test("procedure", _("1. A repeatable decision process"), NO_DATA)
    for row in edition_timeline(edition):
        if row.entered_at is None:
            continue
        planned = row.planned_start.date().isoformat() if row.planned_start else _("not planned")
        test.rows.append((str(row.label), _("entered %(on)s (planned %(planned)s) by %(who)s")
                          % {"on": row.entered_at.date().isoformat(), "planned": planned,
                             "who": row.entered_by or "-"}))
    sessions = list(CountSession.objects.filter(edition=edition).select_related("community"))
    to_count = counting.communities_to_count(edition)
    if not sessions and not to_count:
        test.findings.append(_("No count has been recorded yet."))
        return test
    problems = []
    counted = counting.communities_counted(edition)
    for session in sessions:
        members = list(session.members.all())
        if not any(m.role == "scrutineer" and m.independent for m in members):
            problems.append(_("%(unit)s: no independent scrutineer.") % {"unit": session.community})
    uncounted = to_count - counted
    if uncounted:
        problems.append(_("%(n)s communities have no closed count session.") % {"n": len(uncounted)})
    test.findings.append(_("%(closed)s of %(total)s communities closed a public count with named "
                           "counters and scrutineers; every box signed off and every difference "
                           "explained in writing before closing.")
                         % {"closed": len(counted & to_count), "total": len(to_count)})
    test.findings.extend(problems)
    test.verdict = FAILED if problems and not counted else (PARTLY if problems else PASSED)
    return test


def _edition_rows(model, edition: Edition) -> int | None:
    names = {f.name for f in model._meta.get_fields()}
    if "edition" in names:
        return model.objects.filter(edition=edition).count()
    for f in model._meta.get_fields():
        related = getattr(f, "related_model", None)
        if f.many_to_one and related is not None and "edition" in {
                g.name for g in related._meta.get_fields()}:
            return model.objects.filter(**{f"{f.name}__edition": edition}).count()
    return None


def open_deliberation(edition: Edition) -> Test:
    test = Test("deliberation", _("2. Open and repeated deliberation"), NO_DATA)
    try:
        config = apps.get_app_config("assemblies")
    except LookupError:
        config = None
    found = []
    for model in (config.get_models() if config else []):
        count = _edition_rows(model, edition)
        if count:
            found.append((str(model._meta.verbose_name_plural), str(count)))
    if not found:
        test.findings.append(_("No data: the assemblies app has recorded no assemblies, tables, "
                               "attendance or nominations for this edition."))
        return test
    test.rows = found
    test.findings.append(_("Recorded by the assemblies app for this edition (rows per record type)."))
    test.verdict = PASSED
    return test


def allocation_power(edition: Edition) -> Test:
    test = Test("allocation", _("3. Allocation power with residents"), NO_DATA)
    computed = SelectionResult.objects.filter(ballot__edition=edition).values("ballot_id").distinct().count()
    confirmations = list(Confirmation.objects.filter(ballot__edition=edition)
                         .select_related("ballot__unit"))
    if not confirmations:
        test.findings.append(_("No data: no result has been confirmed yet (%(n)s computed).")
                             % {"n": computed})
        return test
    for c in confirmations:
        verdict = _("departed from the computed result: %(reason)s") % {"reason": c.reason} \
            if c.deviates else _("confirmed unchanged")
        test.rows.append((str(c.ballot), verdict))
    deviations = [c for c in confirmations if c.deviates]
    test.findings.append(_("%(ok)s of %(n)s confirmed results keep the computed winners.")
                         % {"ok": len(confirmations) - len(deviations), "n": len(confirmations)})
    if computed > len(confirmations):
        test.findings.append(_("%(n)s results still await confirmation.")
                             % {"n": computed - len(confirmations)})
    test.verdict = FAILED if deviations else (PASSED if computed == len(confirmations) else PARTLY)
    return test


def evaluation(edition: Edition) -> list[Test]:
    return [repeatable_procedure(edition), open_deliberation(edition), allocation_power(edition)]
