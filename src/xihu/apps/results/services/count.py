"""Count sessions: open with named counters and scrutineers, typed totals as checks, written
explanations, box sign-offs and the close (two-person rule throughout)."""

from django.db import transaction
from django.utils.translation import gettext as _

from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.editions.access import decide, require
from xihu.apps.editions.models import Edition
from xihu.apps.ledger.services import ledger_append
from xihu.apps.organisation.models import Unit
from xihu.apps.results import counting
from xihu.apps.results.models import (
    BoxSignOff,
    CountMember,
    CountSession,
    Explanation,
    SessionClose,
    TypedTotal,
)
from xihu.apps.results.tallying import tally_json
from xihu.apps.voting.commitments import ballots_digest, box_key
from xihu.apps.voting.models import Box
from xihu.errors import Refused

MIN_EXPLANATION = 8


def _locked(session: CountSession) -> CountSession:
    """Serialise writes to one session (the row is append-only, so lock without updating)."""
    return CountSession.objects.select_for_update(of=("self",)).select_related("edition", "community").get(
        pk=session.pk)


def _require_open(session: CountSession) -> None:
    if SessionClose.objects.filter(session=session).exists():
        raise Refused(_("This count session is closed; its record can no longer change."))


def _member(session: CountSession, user, role: str | None = None) -> CountMember:
    member = session.members.filter(user=user).first()
    if member is None or (role and member.role != role):
        label = CountMember.Role(role).label if role else _("counter or scrutineer")
        raise Refused(_("You are not named in this count session as %(role)s.") % {"role": label})
    return member


@transaction.atomic
def count_session_open(*, edition: Edition, community: Unit, counters: list, scrutineers: list,
                       actor, place: str = "") -> CountSession:
    """Open the public count of a community; the opener is one of its counters."""
    require(actor, "count", community, edition)
    if CountSession.objects.filter(edition=edition, community=community).exists():
        raise Refused(_("%(unit)s already has a count session in this edition.") % {"unit": community})
    counters = list(dict.fromkeys([actor, *counters]))
    scrutineers = list(dict.fromkeys(scrutineers))
    reasons = []
    both = {u.pk for u in counters} & {u.pk for u in scrutineers}
    if both:
        reasons.append(_("Nobody may be both counter and scrutineer in one session."))
    if not scrutineers:
        reasons.append(_("Name at least one scrutineer."))
    for user in counters:
        if not decide(user, "count", community, edition):
            reasons.append(_("%(user)s may not count in %(unit)s.") % {"user": user, "unit": community})
    for user in scrutineers:
        if not decide(user, "scrutinise", community, edition):
            reasons.append(_("%(user)s may not scrutinise in %(unit)s.") % {"user": user, "unit": community})
    independent = [u for u in scrutineers if counting.is_independent(u, community)]
    if scrutineers and not independent:
        reasons.append(_("At least one scrutineer must not be on the community's staff."))
    if reasons:
        raise Refused(reasons)
    session = CountSession.objects.create(edition=edition, community=community, place=place,
                                          opened_by=actor)
    CountMember.objects.bulk_create(
        [CountMember(session=session, user=u, role=CountMember.Role.COUNTER) for u in counters]
        + [CountMember(session=session, user=u, role=CountMember.Role.SCRUTINEER,
                       independent=u in independent) for u in scrutineers])
    ledger_append(actor=actor, action="results.session_open", obj=session, payload={
        "edition": edition.slug, "community": community.code, "place": place,
        "counters": [u.get_username() for u in counters],
        "scrutineers": [u.get_username() for u in scrutineers],
        "independent_scrutineers": [u.get_username() for u in independent],
    })
    return session


@transaction.atomic
def typed_total_enter(*, session: CountSession, ballot: Ballot, value: int, actor,
                      box: Box | None = None, item: BallotItem | None = None) -> TypedTotal:
    """Record a typed total; it is compared with the ballot records and never replaces them."""
    session = _locked(session)
    require(actor, "count", session.community, session.edition)
    _member(session, actor, CountMember.Role.COUNTER)
    _require_open(session)
    if ballot not in counting.community_ballots(session.edition, session.community):
        raise Refused(_("This ballot is not counted in this session."))
    if box is not None and (box.community_id != session.community_id
                            or box.station.edition_id != session.edition_id):
        raise Refused(_("This box is not counted in this session."))
    if item is not None and item.ballot_id != ballot.pk:
        raise Refused(_("This project is not on that ballot."))
    if value < 0:
        raise Refused(_("A total cannot be negative."))
    computed = counting.computed_total(session, ballot, box, item)
    entry = TypedTotal.objects.create(session=session, ballot=ballot, box=box, item=item,
                                      value=value, computed=computed, entered_by=actor)
    ledger_append(actor=actor, action="results.typed_total", obj=entry, payload={
        "session": session.pk, "community": session.community.code, "ballot": ballot.pk,
        "box": box.code if box else None, "item": item.number if item else None,
        "typed": value, "from_records": computed, "matches": value == computed,
    })
    return entry


def explanation_add(*, session: CountSession, key: str, text: str, actor) -> Explanation:
    """Explain one difference in writing (a later explanation supersedes; both stay public)."""
    return explanations_add(session=session, texts={key: text}, actor=actor)[0]


@transaction.atomic
def explanations_add(*, session: CountSession, texts: dict[str, str], actor) -> list[Explanation]:
    """explanation_add for several differences of one session at once (key -> text): the same
    checks on each (refused whole if any fails) against one reading of the session, and the
    same ledger entry per explanation."""
    session = _locked(session)
    _member(session, actor)
    _require_open(session)
    texts = {key: (text or "").strip() for key, text in texts.items()}
    if any(len(text) < MIN_EXPLANATION for text in texts.values()):
        raise Refused(_("Write the explanation out (at least %(n)s characters).")
                      % {"n": MIN_EXPLANATION})
    differences = {d.key: d for d in counting.session_view(session, with_counts=False).differences}
    if any(key not in differences for key in texts):
        raise Refused(_("There is no such difference to explain."))
    made = []
    for key, text in texts.items():
        explanation = Explanation.objects.create(session=session, key=key, text=text, author=actor)
        ledger_append(actor=actor, action="results.explain", obj=explanation, payload={
            "session": session.pk, "community": session.community.code,
            "difference": differences[key].text, "key": key, "explanation": text,
        })
        made.append(explanation)
    return made


def _signer_checks(session: CountSession, actor) -> None:
    require(actor, "scrutinise", session.community, session.edition)
    _member(session, actor, CountMember.Role.SCRUTINEER)
    if actor.pk == session.opened_by_id or session.typed_totals.filter(entered_by=actor).exists():
        raise Refused(_("Two-person rule: the scrutineer who signs off must not be the counter "
                        "who opened the session or entered its totals."))


@transaction.atomic
def box_sign_off(*, session: CountSession, box: Box, actor) -> BoxSignOff:
    session = _locked(session)
    _signer_checks(session, actor)
    _require_open(session)
    view = counting.session_view(session, with_counts=False)
    row = next((r for r in view.boxes if r.box.pk == box.pk), None)
    if row is None:
        raise Refused(_("This box is not counted in this session."))
    if row.signoff is not None:
        raise Refused(_("This box is already signed off."))
    missing = [d.text for d in view.differences_of(box.pk) if not d.explained]
    if missing:
        raise Refused([_("Explain every difference in writing before signing off:"), *missing])
    signoff = BoxSignOff.objects.create(session=session, box=box, counted=row.counted,
                                        sealed=row.sealed, registered=row.registered,
                                        signed_by=actor)
    counted, digest = ballots_digest(box)
    ledger_append(actor=actor, action="results.box_sign_off", obj=signoff, payload={
        "session": session.pk, "community": session.community.code, "box": box.code,
        "station": box.station.name, "counted": row.counted, "sealed": row.sealed,
        "registered": row.registered, "box_key": box_key(box), "ballots_digest": digest,
    })
    return signoff


@transaction.atomic
def session_close(*, session: CountSession, actor) -> SessionClose:
    """Close the count: every box signed off, every difference explained; then select."""
    session = _locked(session)
    _signer_checks(session, actor)
    _require_open(session)
    view = counting.session_view(session)
    reasons = []
    if view.unsigned:
        reasons.append(_("Boxes not yet signed off: %(boxes)s.")
                       % {"boxes": ", ".join(str(r.box) for r in view.unsigned)})
    if view.unexplained:
        reasons.append(_("Explain every difference in writing before closing:"))
        reasons.extend(d.text for d in view.unexplained)
    if reasons:
        raise Refused(reasons)
    totals = {
        "boxes": {str(r.box.pk): {"box": r.box.code, "station": r.box.station.name,
                                  "counted": r.counted, "sealed": r.sealed,
                                  "registered": r.registered,
                                  "by_ballot": {str(k): v for k, v in r.by_ballot.items()},
                                  "box_key": box_key(r.box), "ballots_digest": ballots_digest(r.box)[1]}
                  for r in view.boxes},
        "ballots": {str(c.ballot.pk): tally_json(c.tally) for c in view.counts},
        "differences": [{"key": d.key, "text": d.text, "explanation": d.explanation.text}
                        for d in view.differences],
    }
    close = SessionClose.objects.create(session=session, closed_by=actor, totals=totals)
    ledger_append(actor=actor, action="results.session_close", obj=session, payload={
        "community": session.community.code, **totals,
    })
    from xihu.apps.results.services.outcome import ballots_ready, selection_compute

    for ballot in ballots_ready(session.edition, session.community):
        selection_compute(ballot=ballot, actor=actor)
    return close


@transaction.atomic
def boxes_sign_off_batch(*, session: CountSession, boxes: list[Box], actor) -> list[BoxSignOff]:
    """box_sign_off for several boxes of one session at once: the same checks on each box
    (refused whole if any fails) against one reading of the session, and the same ledger entry
    per box."""
    session = _locked(session)
    _signer_checks(session, actor)
    _require_open(session)
    view = counting.session_view(session, with_counts=False)
    rows = {r.box.pk: r for r in view.boxes}
    reasons = []
    for box in boxes:
        row = rows.get(box.pk)
        if row is None:
            reasons.append(_("This box is not counted in this session."))
        elif row.signoff is not None:
            reasons.append(_("This box is already signed off."))
        else:
            missing = [d.text for d in view.differences_of(box.pk) if not d.explained]
            if missing:
                reasons.extend([_("Explain every difference in writing before signing off:"), *missing])
    if len({b.pk for b in boxes}) != len(boxes):
        reasons.append(_("This box is already signed off."))
    if reasons:
        raise Refused(reasons)
    made = []
    for box in boxes:
        row = rows[box.pk]
        signoff = BoxSignOff.objects.create(session=session, box=row.box, counted=row.counted,
                                            sealed=row.sealed, registered=row.registered, signed_by=actor)
        counted, digest = ballots_digest(row.box)
        ledger_append(actor=actor, action="results.box_sign_off", obj=signoff, payload={
            "session": session.pk, "community": session.community.code, "box": row.box.code,
            "station": row.box.station.name, "counted": row.counted, "sealed": row.sealed,
            "registered": row.registered, "box_key": box_key(row.box), "ballots_digest": digest,
        })
        made.append(signoff)
    return made
