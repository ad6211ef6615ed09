"""The database attacks of issue 11 on ballots, seals and frozen ballots, with raw SQL through
the connection (dropping and recreating triggers where the attack does): each is refused by
the database or caught by the count and by the verifier, on SQLite and PostgreSQL."""

import json
from datetime import date

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from tests.results.builders import make_box, seal
from xihu.apps.ballots.models import BallotItem
from xihu.apps.results import counting, services
from xihu.apps.results.export import write_export
from xihu.apps.voting.models import CastBallot
from xihu.errors import Refused
from xihu.verifier import cli


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


class Dropped:
    """A database administrator drops named triggers, acts, and puts them back."""

    def __init__(self, table: str, sqlite: list[str], postgres: list[str]):
        self.table, self.names = table, sqlite if connection.vendor == "sqlite" else postgres

    def __enter__(self):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                marks = ",".join("%s" for _ in self.names)
                cursor.execute(f"SELECT sql FROM sqlite_master WHERE type='trigger' AND name IN ({marks})",  # noqa: S608
                               self.names)
                self.saved = [sql for (sql,) in cursor.fetchall()]
                for name in self.names:
                    cursor.execute(f"DROP TRIGGER {name}")
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no pending FK check
                for name in self.names:
                    cursor.execute(f"ALTER TABLE {self.table} DISABLE TRIGGER {name}")
        return self

    def __exit__(self, *exc):
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for sql in self.saved:
                    cursor.execute(sql)
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred FK checks first
                for name in self.names:
                    cursor.execute(f"ALTER TABLE {self.table} ENABLE TRIGGER {name}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def castballot_guard():
    return Dropped("voting_castballot", ["voting_castballot_no_update"], ["voting_castballot_append_only"])


def item_guard():
    return Dropped("ballots_ballotitem", ["ballots_ballotitem_frozen_delete"], ["ballots_ballotitem_frozen"])


def open_session(tree, people, edition):
    return services.count_session_open(edition=edition, community=tree["s1a"], counters=[people["counter"]],
                                       scrutineers=[people["scrutineer"]], actor=people["counter"])


def verify(edition, tmp_path):
    write_export(edition, tmp_path / "export")
    return cli.verify(tmp_path / "export").problems


@pytest.fixture
def sealed_electronic(edition, tree, people, voted):
    """Box E1 with three electronic ballots, sealed at the close (its seal commits to them)."""
    box = make_box(edition, tree["s1a"], "平板投票点", "E1")
    CastBallot.objects.bulk_create([
        CastBallot(ballot=voted["community"], box=box, day=date(2018, 2, 1), choices=choices, status="valid",
                   source="electronic") for choices in ([1], [1, 2], [4])])
    seal(box, 3, people["staff"], people["counter"])
    from xihu.apps.voting.models import Registration
    Registration.objects.bulk_create([Registration(edition=edition, ballot_kind="community", voter_key=f"e{i}",
                                                   community=box.community, station=box.station, box=box,
                                                   officer=people["staff"]) for i in range(3)])
    voted["e1"] = box
    return voted


def test_a_frozen_ballot_item_cannot_be_deleted(voted):
    for sql in ("DELETE FROM ballots_ballotitem WHERE ballot_id = %s AND number = 3",
                "DELETE FROM ballots_ballot WHERE id = %s"):
        with pytest.raises(DatabaseError, match="frozen"), transaction.atomic():
            raw(sql.replace("%s", str(voted["community"].pk)))
    assert BallotItem.objects.filter(ballot=voted["community"]).count() == 4


def test_a_deleted_frozen_item_is_caught_by_the_count(tree, people, edition, voted):
    session = open_session(tree, people, edition)
    with item_guard():
        raw("DELETE FROM ballots_ballotitem WHERE ballot_id = %s AND number = 4", [voted["community"].pk])
    view = counting.session_view(session)
    assert any(d.hard and "frozen fingerprint" in d.text for d in view.differences)
    services.box_sign_off(session=session, box=voted["a1"], actor=people["scrutineer"])
    with pytest.raises(Refused, match="frozen fingerprint"):
        services.session_close(session=session, actor=people["scrutineer"])


def test_a_deleted_frozen_item_is_caught_by_the_verifier(tree, people, edition, counted, tmp_path):
    with item_guard():
        raw("DELETE FROM ballots_ballotitem WHERE ballot_id = %s AND number = 4", [counted["community"].pk])
    problems = verify(edition, tmp_path)
    assert any("not those recorded in the log when it was frozen" in p for p in problems), problems


def test_a_ballot_changed_after_its_seal_stops_the_count(tree, people, edition, sealed_electronic):
    ballot = CastBallot.objects.get(box=sealed_electronic["e1"], choices=[4])
    with castballot_guard():
        raw("UPDATE voting_castballot SET choices = %s WHERE id = %s", [json.dumps([1]), ballot.pk.hex
                                                                        if connection.vendor == "sqlite" else ballot.pk])
    assert CastBallot.objects.get(pk=ballot.pk).choices == [1]
    session = open_session(tree, people, edition)
    breach = [d for d in counting.session_view(session).differences if d.hard]
    assert breach and "changed after the seal" in breach[0].text
    services.explanation_add(session=session, key=breach[0].key, text="据说是系统故障所致", actor=people["counter"])
    with pytest.raises(Refused, match="changed after the seal"):
        services.box_sign_off(session=session, box=sealed_electronic["e1"], actor=people["scrutineer"])
    with pytest.raises(Refused):
        services.session_close(session=session, actor=people["scrutineer"])


def test_a_ballot_changed_after_the_count_is_caught_by_the_verifier(tree, people, edition, sealed_electronic, tmp_path):
    close_count_with(tree, people, edition, sealed_electronic)
    assert verify(edition, tmp_path) == []
    ballot = CastBallot.objects.filter(box=sealed_electronic["a1"], ballot=sealed_electronic["community"]).first()
    with castballot_guard():
        raw("UPDATE voting_castballot SET choices = %s WHERE id = %s",
            [json.dumps([4]), ballot.pk.hex if connection.vendor == "sqlite" else ballot.pk])
    problems = verify(edition, tmp_path / "again")
    assert any("not those the log recorded when the count closed" in p for p in problems), problems
    ballot = CastBallot.objects.get(box=sealed_electronic["e1"], choices=[4])
    with castballot_guard():
        raw("UPDATE voting_castballot SET choices = %s WHERE id = %s",
            [json.dumps([2]), ballot.pk.hex if connection.vendor == "sqlite" else ballot.pk])
    problems = verify(edition, tmp_path / "third")
    assert any("not those its last seal committed to" in p for p in problems), problems


def close_count_with(tree, people, edition, voted):
    session = open_session(tree, people, edition)
    for box in (voted["a1"], voted["m1"], voted["e1"]):
        services.box_sign_off(session=session, box=box, actor=people["scrutineer"])
    services.session_close(session=session, actor=people["scrutineer"])


def test_sqlite_refuses_insert_or_replace_on_every_guarded_table(voted):
    from xihu.apps.ledger import guards

    if connection.vendor != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    tables = guards.guarded_tables(connection)
    assert {"voting_castballot", "voting_seal", "results_selectionresult", "ledger_ledgerentry"} <= set(tables)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type='trigger' AND name LIKE '%_no_replace'")
        replace_guards = {name.removesuffix("_no_replace") for (name,) in cursor.fetchall()}
    assert set(tables) <= replace_guards
    ballot = CastBallot.objects.filter(box=voted["a1"]).first()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("INSERT OR REPLACE INTO voting_castballot (id, ballot_id, box_id, day, choices, status, invalid_reason, "
            "source) VALUES (%s, %s, %s, '2018-02-01', '[4]', 'valid', '', 'paper')",
            [ballot.pk.hex, ballot.ballot_id, ballot.box_id])
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw("REPLACE INTO voting_seal SELECT * FROM voting_seal")
    assert CastBallot.objects.get(pk=ballot.pk).choices == ballot.choices


def test_postgresql_refuses_truncate_of_guarded_tables(voted):
    from xihu.apps.ledger import guards

    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    raw("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no pending FK check
    for table in guards.guarded_tables(connection):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw(f"TRUNCATE {table} CASCADE")
    for table in ("ballots_ballotitem", "ballots_ballot"):
        with pytest.raises(DatabaseError, match="frozen"), transaction.atomic():
            raw(f"TRUNCATE {table} CASCADE")
    assert CastBallot.objects.count() > 0
