"""Reading a count session: per box, ballots counted vs the last seal vs registrations, the typed
totals against the records, and every difference with its latest explanation."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from xihu.apps.accounts.models import Role, RoleAssignment
from xihu.apps.ballots.models import Ballot, BallotItem
from xihu.apps.results.integrity import ballot_problems
from xihu.apps.results.models import CountMember, CountSession, Explanation, TypedTotal
from xihu.apps.results.tallying import count_marks, marks_of
from xihu.apps.voting.commitments import box_breaches
from xihu.apps.voting.models import Box, CastBallot, Registration, Seal
from xihu.engine.tally import Tally


@dataclass
class BoxRow:
    box: Box
    counted: int
    by_ballot: dict[int, int]
    sealed: int | None
    seal: Seal | None
    registered: int | None
    signoff: object = None


@dataclass
class Difference:
    key: str
    text: str
    box_id: int | None
    counted: int = 0
    other: int | None = None  # the seal, registrations or typed total compared with `counted`
    explanations: list[Explanation] = field(default_factory=list)
    hard: bool = False  # a breach of the log's commitments: no explanation settles it

    @property
    def explanation(self) -> Explanation | None:
        return self.explanations[-1] if self.explanations else None

    @property
    def explained(self) -> bool:
        return bool(self.explanations) and not self.hard


@dataclass
class BallotCount:
    ballot: Ballot
    items: list[BallotItem]
    tally: Tally

    @property
    def rows(self) -> list[tuple[BallotItem, int]]:
        return [(item, self.tally.votes[str(item.number)]) for item in self.items]


@dataclass
class SessionView:
    session: CountSession
    boxes: list[BoxRow]
    counts: list[BallotCount]
    typed: list[TypedTotal]
    differences: list[Difference]
    members: list[CountMember]

    @property
    def is_closed(self) -> bool:
        return hasattr(self.session, "close")

    @property
    def unexplained(self) -> list[Difference]:
        return [d for d in self.differences if not d.explained]

    @property
    def unsigned(self) -> list[BoxRow]:
        return [row for row in self.boxes if row.signoff is None]

    def differences_of(self, box_id: int | None) -> list[Difference]:
        return [d for d in self.differences if d.box_id == box_id]


def boxes_of(edition, community) -> list[Box]:
    return list(Box.objects.filter(community=community, station__edition=edition)
                .select_related("station").order_by("station__name", "code"))


def _last_seals(boxes: list[Box]) -> dict[int, Seal]:
    last: dict[int, Seal] = {}
    for seal in Seal.objects.filter(box__in=boxes).order_by("at", "pk"):
        last[seal.box_id] = seal
    return last


def box_rows(edition, community) -> tuple[list[BoxRow], list[tuple[object, int, int]]]:
    """Rows per box, and per station with several boxes and registrations not tied to a box:
    (station, registered, counted)."""
    boxes = boxes_of(edition, community)
    cast = Counter()
    by_ballot: dict[int, dict[int, int]] = defaultdict(dict)
    for row in (CastBallot.objects.filter(box__in=boxes).values("box_id", "ballot_id")
                .annotate(n=Count("id"))):
        cast[row["box_id"]] += row["n"]
        by_ballot[row["box_id"]][row["ballot_id"]] = row["n"]
    regs = Registration.objects.filter(edition=edition, station__in={b.station_id for b in boxes})
    reg_box = Counter(dict(regs.filter(box__isnull=False).values_list("box_id").annotate(n=Count("id"))))
    reg_station = Counter(dict(regs.filter(box__isnull=True).values_list("station_id")
                               .annotate(n=Count("id"))))
    per_station: dict[int, list[Box]] = defaultdict(list)
    for box in boxes:
        per_station[box.station_id].append(box)
    seals = _last_seals(boxes)
    rows, station_rows = [], []
    for box in boxes:
        siblings = per_station[box.station_id]
        registered: int | None = reg_box[box.pk]
        if reg_station[box.station_id]:
            if len(siblings) == 1:
                registered += reg_station[box.station_id]
            else:  # compared per station below
                registered = None
        seal = seals.get(box.pk)
        rows.append(BoxRow(box, cast[box.pk], by_ballot[box.pk],
                           seal.ballots_in_box if seal else None, seal, registered))
    for station_id, siblings in per_station.items():
        if len(siblings) > 1 and reg_station[station_id]:
            registered = reg_station[station_id] + sum(reg_box[b.pk] for b in siblings)
            station_rows.append((siblings[0].station, registered, sum(cast[b.pk] for b in siblings)))
    return rows, station_rows


def community_ballots(edition, community) -> list[Ballot]:
    """The ballots cast in this community's boxes: its community ballot and its street's."""
    return list(Ballot.objects.filter(edition=edition, unit__in=[community, community.parent])
                .order_by("-kind", "pk"))


def session_counts(session: CountSession, boxes: list[Box]) -> list[BallotCount]:
    counts = []
    for ballot in community_ballots(session.edition, session.community):
        items = list(ballot.items.order_by("number"))
        tally, _papers = count_marks(ballot, items, marks_of(
            CastBallot.objects.filter(ballot=ballot, box__in=boxes)))
        counts.append(BallotCount(ballot, items, tally))
    return counts


def computed_total(session: CountSession, ballot: Ballot, box: Box | None,
                   item: BallotItem | None) -> int:
    """What the ballot records give for a typed total's scope."""
    records = CastBallot.objects.filter(ballot=ballot)
    records = records.filter(box=box) if box else records.filter(
        box__in=boxes_of(session.edition, session.community))
    if item is None:
        return records.count()
    items = list(ballot.items.order_by("number"))
    tally, _papers = count_marks(ballot, items, marks_of(records))
    return tally.votes[str(item.number)]


def _breaches(session, rows) -> list[Difference]:
    """Ballots changed after their freeze, boxes changed after their seals (integrity.py)."""
    diffs = [Difference(f"ballot:{ballot.pk}:{n}", text, None, hard=True)
             for ballot in community_ballots(session.edition, session.community)
             for n, text in enumerate(ballot_problems(ballot))]
    for row in rows:
        diffs += [Difference(b.key, b.text, b.box_id, hard=True) for b in box_breaches(row.box)]
    return diffs


def _differences(session, rows, station_rows, typed) -> list[Difference]:
    diffs: list[Difference] = _breaches(session, rows)
    for row in rows:
        name = str(row.box)
        if row.seal is None:
            diffs.append(Difference(f"seal:{row.box.pk}:{row.counted}:-", _(
                "%(box)s: no seal was recorded; %(counted)s ballots counted.")
                % {"box": name, "counted": row.counted}, row.box.pk, row.counted))
        elif row.sealed != row.counted:
            diffs.append(Difference(f"seal:{row.box.pk}:{row.counted}:{row.sealed}", _(
                "%(box)s: %(counted)s ballots counted, the last seal says %(sealed)s.")
                % {"box": name, "counted": row.counted, "sealed": row.sealed}, row.box.pk,
                row.counted, row.sealed))
        if row.seal is not None and row.seal.intact is False:
            diffs.append(Difference(f"broken:{row.seal.pk}", _(
                "%(box)s: the seal was not found intact.") % {"box": name}, row.box.pk))
        if row.registered is not None and row.registered != row.counted:
            diffs.append(Difference(f"reg:{row.box.pk}:{row.counted}:{row.registered}", _(
                "%(box)s: %(counted)s ballots counted, %(registered)s registrations.")
                % {"box": name, "counted": row.counted, "registered": row.registered}, row.box.pk,
                row.counted, row.registered))
        signed = row.signoff
        if signed is not None and signed.counted != row.counted:
            diffs.append(Difference(f"signed:{row.box.pk}:{row.counted}", _(
                "%(box)s: %(counted)s ballots now, %(signed)s when the scrutineer signed it off.")
                % {"box": name, "counted": row.counted, "signed": signed.counted}, row.box.pk,
                row.counted, signed.counted))
    for station, registered, counted in station_rows:
        if registered != counted:
            diffs.append(Difference(f"station:{station.pk}:{counted}:{registered}", _(
                "%(station)s: %(counted)s ballots counted in its boxes, %(registered)s registrations.")
                % {"station": station, "counted": counted, "registered": registered}, None,
                counted, registered))
    for entry in typed:
        if entry.value != entry.computed:
            diffs.append(Difference(f"typed:{entry.pk}", _(
                "Typed total does not match the ballot records: %(scope)s typed %(value)s, "
                "the records give %(computed)s (typed by %(who)s).")
                % {"scope": typed_scope(entry), "value": entry.value, "computed": entry.computed,
                   "who": entry.entered_by}, entry.box_id, entry.computed, entry.value))
    by_key: dict[str, list[Explanation]] = defaultdict(list)
    for explanation in session.explanations.select_related("author"):
        by_key[explanation.key].append(explanation)
    for diff in diffs:
        diff.explanations = by_key.get(diff.key, [])
    return diffs


def typed_scope(entry: TypedTotal) -> str:
    where = str(entry.box) if entry.box_id else _("the whole session")
    what = (_("votes for %(item)s") % {"item": entry.item}) if entry.item_id else (
        _("ballots of %(ballot)s") % {"ballot": entry.ballot})
    return f"{what} · {where}"


def session_view(session: CountSession, *, with_counts: bool = True) -> SessionView:
    """Everything about a session; `with_counts=False` skips the per-ballot tallies."""
    rows, station_rows = box_rows(session.edition, session.community)
    signoffs = {s.box_id: s for s in session.signoffs.select_related("signed_by")}
    for row in rows:
        row.signoff = signoffs.get(row.box.pk)
    typed = list(session.typed_totals.select_related("ballot__unit", "box__station", "item", "entered_by"))
    return SessionView(
        session=session,
        boxes=rows,
        counts=session_counts(session, [r.box for r in rows]) if with_counts else [],
        typed=typed,
        differences=_differences(session, rows, station_rows, typed),
        members=list(session.members.select_related("user")),
    )


def is_independent(user, community) -> bool:
    """A scrutineer is independent when they hold no community staff role in this community."""
    return not RoleAssignment.objects.filter(
        user=user, role=Role.COMMUNITY_STAFF, unit=community).exists()


def open_session(edition, community) -> CountSession | None:
    return (CountSession.objects.filter(edition=edition, community=community, close__isnull=True)
            .first())


def communities_counted(edition) -> set[int]:
    """Communities with a closed count session."""
    return set(CountSession.objects.filter(edition=edition, close__isnull=False)
               .values_list("community_id", flat=True))


def communities_to_count(edition) -> set[int]:
    """Communities whose boxes hold ballots of this edition (or that have boxes at all)."""
    return set(Box.objects.filter(station__edition=edition).values_list("community_id", flat=True))
