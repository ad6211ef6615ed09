"""The public ledger in words: each entry's action as a phrase in the reader's language, its
object by its model's translated name, the actor, the local time and the payload as a list of
fields. Pure and cheap per entry (no database read; the model registry and the phrases below are
in memory), so the ledger page stays one query whatever it shows. The raw record stays on the
entry's own page."""

import json
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from xihu.apps.ledger.models import LedgerEntry

ACTIONS = {
    "account.create": gettext_lazy("created an account"),
    "account.password_link": gettext_lazy("issued a password link"),
    "account.password_set": gettext_lazy("set a password"),
    "account.unlock": gettext_lazy("unlocked an account"),
    "address.unlock": gettext_lazy("unlocked an address"),
    "admin.add": gettext_lazy("added a record in the admin"),
    "admin.change": gettext_lazy("changed a record in the admin"),
    "admin.delete": gettext_lazy("deleted a record in the admin"),
    "assembly.attendee_add": gettext_lazy("added an assembly attendee"),
    "assembly.check_in": gettext_lazy("checked in an assembly attendee"),
    "assembly.invite_register": gettext_lazy("recorded assembly invitations"),
    "assembly.move": gettext_lazy("moved an attendee to another table"),
    "assembly.plenary_ballot": gettext_lazy("recorded a plenary ballot"),
    "assembly.refresh_summary": gettext_lazy("refreshed the assembly summary"),
    "assembly.schedule": gettext_lazy("scheduled an assembly"),
    "assembly.seat": gettext_lazy("seated the attendees at round tables"),
    "assembly.set_role": gettext_lazy("set an attendee's role"),
    "assembly.table_record": gettext_lazy("recorded a round table's nominations"),
    "ballots.draw": gettext_lazy("drew up a ballot"),
    "ballots.freeze": gettext_lazy("froze a ballot"),
    "ballots.print": gettext_lazy("printed ballot sheets"),
    "ballots.quota_set": gettext_lazy("set a project's price"),
    "budget.set": gettext_lazy("set a budget"),
    "budget.set_level": gettext_lazy("set the budgets of a level"),
    "building.assign": gettext_lazy("assigned buildings to a collector"),
    "edition.advance": gettext_lazy("moved the edition to its next stage"),
    "edition.copy": gettext_lazy("copied an edition"),
    "edition.create": gettext_lazy("created an edition"),
    "edition.organisation_add": gettext_lazy("added an organisation to the edition"),
    "edition.organisation_withdraw": gettext_lazy("withdrew an organisation from the edition"),
    "edition.plan_stage": gettext_lazy("planned a stage's dates"),
    "edition.rules": gettext_lazy("set the edition's rules"),
    "grants.confirm": gettext_lazy("confirmed the proposed grants"),
    "ledger.witness_register": gettext_lazy("registered a witness of the log"),
    "organisation.create": gettext_lazy("created an organisation"),
    "people.import": gettext_lazy("imported people"),
    "power.grant": gettext_lazy("granted a power"),
    "power.revoke": gettext_lazy("revoked a power"),
    "project.merge": gettext_lazy("merged proposals into a project"),
    "project.undo": gettext_lazy("undid a merge"),
    "proposal.exclude": gettext_lazy("excluded a proposal"),
    "proposal.import": gettext_lazy("imported proposals"),
    "proposal.review": gettext_lazy("reviewed an exclusion"),
    "proposal.submit": gettext_lazy("recorded a proposal"),
    "register.import": gettext_lazy("imported the register of residents"),
    "results.box_sign_off": gettext_lazy("signed off a box's count"),
    "results.confirm": gettext_lazy("confirmed a result"),
    "results.explain": gettext_lazy("explained a difference in the count"),
    "results.implementation": gettext_lazy("recorded implementation progress"),
    "results.select": gettext_lazy("computed the selected projects"),
    "results.session_close": gettext_lazy("closed a count session"),
    "results.session_open": gettext_lazy("opened a count session"),
    "results.typed_total": gettext_lazy("entered a count total"),
    "role.grant": gettext_lazy("gave a role"),
    "role.revoke": gettext_lazy("took back a role"),
    "summary.plan": gettext_lazy("planned the summary table"),
    "summary.report": gettext_lazy("reported the summary table"),
    "unit.create": gettext_lazy("created a unit"),
    "unit.rename": gettext_lazy("renamed a unit"),
    "unit.residents": gettext_lazy("set a unit's population"),
    "unit.retire": gettext_lazy("retired a unit"),
    "visit.import": gettext_lazy("imported door-to-door visits"),
    "visit.record": gettext_lazy("recorded a door-to-door visit"),
    "voting.ballot_cast": gettext_lazy("received ballots from the tablet"),
    "voting.box_create": gettext_lazy("added a ballot box"),
    "voting.box_reopen": gettext_lazy("reopened a sealed ballot box"),
    "voting.box_seal": gettext_lazy("sealed a ballot box for the night"),
    "voting.paper_adjudicate": gettext_lazy("adjudicated a paper ballot"),
    "voting.paper_batch": gettext_lazy("entered a batch of paper ballots"),
    "voting.paper_entry": gettext_lazy("entered a paper ballot"),
    "voting.register": gettext_lazy("registered a voter"),
    "voting.register_batch": gettext_lazy("registered voters in a batch"),
    "voting.shift_add": gettext_lazy("gave an officer a shift"),
    "voting.station_create": gettext_lazy("added a polling station"),
    "voting.turnout_target": gettext_lazy("set a turnout target"),
}

ACTORS = {"tablet": pgettext_lazy("ledger", "a voting tablet"), "system": pgettext_lazy("ledger", "the platform"),
          "": pgettext_lazy("ledger", "the platform")}

FIELDS = {
    "community": pgettext_lazy("ledger", "community"), "unit": pgettext_lazy("ledger", "unit"), "station": pgettext_lazy("ledger", "station"),
    "box": pgettext_lazy("ledger", "box"), "kinds": pgettext_lazy("ledger", "ballots"), "basis": pgettext_lazy("ledger", "basis"),
    "proof": pgettext_lazy("ledger", "proof"), "mode": pgettext_lazy("ledger", "paper or tablet"), "day": pgettext_lazy("ledger", "day"),
    "ballots": pgettext_lazy("ledger", "ballots"), "note": pgettext_lazy("ledger", "note"), "name": pgettext_lazy("ledger", "name"),
    "stage": pgettext_lazy("ledger", "stage"), "from": pgettext_lazy("ledger", "from"), "to": pgettext_lazy("ledger", "to"),
    "power": pgettext_lazy("ledger", "power"), "role": pgettext_lazy("ledger", "role"), "username": pgettext_lazy("ledger", "user"),
    "amount": pgettext_lazy("ledger", "amount"), "fingerprint": pgettext_lazy("ledger", "fingerprint"),
    "projects": pgettext_lazy("ledger", "projects"), "title": pgettext_lazy("ledger", "title"), "reason": pgettext_lazy("ledger", "reason"),
}


@dataclass(frozen=True)
class Described:
    entry: LedgerEntry
    what: str  # the action as a phrase
    code: str  # the action code, for the curious
    actor: str
    obj: str
    when: datetime | None
    fields: list[tuple[str, str]]


def action_phrase(code: str) -> str:
    phrase = ACTIONS.get(code)
    return str(phrase) if phrase is not None else code


def object_label(object_type: str, object_id: str) -> str:
    """"editions.edition", "1" -> "届次 1" (the model's translated name)."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return f"{object_type} {object_id}".strip()
    return f"{model._meta.verbose_name} {object_id}".strip()


def local_time(recorded_at: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(recorded_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _value(value) -> str:
    if isinstance(value, bool):
        return pgettext("ledger", "yes") if value else pgettext("ledger", "no")
    if value is None or value == "":
        return "–"
    if isinstance(value, list | tuple):
        return "、".join(_value(v) for v in value) if value else "–"
    if isinstance(value, dict):
        return "；".join(f"{k}: {_value(v)}" for k, v in value.items())
    return str(value)


def payload_fields(payload) -> list[tuple[str, str]]:
    if not isinstance(payload, dict):
        return [("", _value(payload))] if payload not in (None, "", {}) else []
    return [(str(FIELDS.get(key, key)), _value(value)) for key, value in payload.items()]


def describe(entry: LedgerEntry, names: dict[str, str] | None = None) -> Described:
    """One entry in words; `names` maps login names to display names (read once per page)."""
    actor = ACTORS.get(entry.actor)
    return Described(entry=entry, what=action_phrase(entry.action), code=entry.action,
                     actor=str(actor) if actor is not None else (names or {}).get(entry.actor) or entry.actor,
                     obj=object_label(entry.object_type, entry.object_id), when=local_time(entry.recorded_at),
                     fields=payload_fields(entry.payload))


def raw_json(entry: LedgerEntry) -> str:
    return json.dumps(entry.payload, ensure_ascii=False, indent=2, sort_keys=True)
