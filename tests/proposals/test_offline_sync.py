"""The sync endpoint of collection with no signal: each record made once whatever the number of
sends (idempotent client ids), bad records refused with their reasons and nothing written, and
only the community's own collectors (volunteers and staff) may send."""

import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.proposals.models import Household, ProjectSource, Proposal, Visit
from xihu.apps.proposals.services import OfflineRecord, offline_record_sync
from xihu.apps.proposals.services import sync as sync_module
from xihu.apps.proposals.services.collection import ProposalInput
from xihu.errors import Refused

URL = "/editions/pilot/proposals/s1a/sync/"


@pytest.fixture
def household(tree):
    return Household.objects.create(community=tree["s1a"], household_no="H1", building="3栋",
                                    entrance="1", door="101")


def _proposal(**extra):
    return {"content": "楼道灯坏了，晚上很黑", "location_text": "3栋1单元", "category": "lighting",
            "level": "community", "latitude": "30.259100", "longitude": "120.130200",
            "proposer_name": "李四", "proposer_contact": "13912345678", **extra}


def _send(client, payload, url=URL):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_a_proposal_is_made_once_however_often_it_is_sent(client, people, edition):
    client.force_login(people["volunteer_s1a"])
    payload = {"client_id": str(uuid.uuid4()), "collector_type": "volunteer", "channel": "booth",
               "proposal": _proposal()}
    first = _send(client, payload)
    assert first.status_code == 201, first.content
    again = _send(client, payload)
    assert again.status_code == 200
    assert again.json()["receipt"] == first.json()["receipt"] and again.json()["created"] is False
    proposal = Proposal.objects.get()
    assert str(proposal.client_id) == payload["client_id"]
    assert proposal.channel == "booth" and proposal.collector_type == "volunteer"
    assert str(proposal.latitude) == "30.259100" and proposal.proposer_name == "李四"
    assert ProjectSource.objects.filter(proposal=proposal).count() == 1
    assert LedgerEntry.objects.filter(action="proposal.submit").count() == 1


def test_a_visit_with_its_proposal_is_made_once(client, people, edition, household):
    client.force_login(people["volunteer_s1a"])
    payload = {"client_id": str(uuid.uuid4()), "household": household.pk, "outcome": "proposals",
               "collector_type": "volunteer", "note": "老人在家", "proposal": _proposal()}
    assert _send(client, payload).status_code == 201
    answer = _send(client, payload)
    assert answer.status_code == 200 and answer.json()["receipt"]
    visit, proposal = Visit.objects.get(), Proposal.objects.get()
    assert proposal.visit == visit and proposal.channel == "door" and proposal.building == "3栋"
    assert visit.client_id == proposal.client_id and visit.note == "老人在家"
    assert answer.json()["visit"] == visit.pk and answer.json()["receipt"] == proposal.receipt_code


def test_a_visit_without_a_proposal(client, people, edition, household):
    client.force_login(people["staff_s1a"])
    payload = {"client_id": str(uuid.uuid4()), "household": household.pk, "outcome": "nobody",
               "collector_type": "staff"}
    assert _send(client, payload).status_code == 201
    assert _send(client, payload).status_code == 200
    assert Visit.objects.count() == 1 and Proposal.objects.count() == 0


@pytest.mark.parametrize(("change", "words"), [
    ({"client_id": "not-a-uuid"}, "client id"),
    ({"proposal": _proposal(content="灯")}, "at least"),
    ({"proposal": _proposal(longitude="")}, "latitude"),
    ({"proposal": _proposal(latitude="91")}, "90"),
    ({"proposal": _proposal(category="spaceship")}, "spaceship"),
    ({"proposal": None}, "must hold a proposal"),
    ({"household": 999999, "outcome": "nobody"}, "not in"),
    ({"household": "abc", "outcome": "nobody"}, "not in"),
    ({"channel": "online"}, "Unknown channel"),
    ({"collector_type": "staff"}, "record this as"),
    ({"proposal": "text"}, "What should be done"),
])
def test_bad_records_are_refused_with_the_reason_and_nothing_is_written(client, people, edition, change, words):
    client.force_login(people["volunteer_s1a"])
    client.cookies["django_language"] = "en"
    payload = {"client_id": str(uuid.uuid4()), "collector_type": "volunteer", "channel": "booth",
               "proposal": _proposal(), **change}
    answer = _send(client, payload)
    assert answer.status_code == 400, answer.content
    assert answer.json()["ok"] is False
    assert words in " ".join(answer.json()["errors"]), answer.json()
    assert Proposal.objects.count() == 0 and Visit.objects.count() == 0


def test_a_control_character_is_refused_before_the_view(client, people, edition):
    """The input guard answers 400 for a NUL anywhere in the request; nothing is written."""
    client.force_login(people["volunteer_s1a"])
    answer = _send(client, {"client_id": str(uuid.uuid4()), "collector_type": "volunteer",
                            "channel": "booth", "proposal": _proposal(content="灯坏了\x00")})
    assert answer.status_code == 400
    assert Proposal.objects.count() == 0


def test_the_outcome_and_the_proposal_go_together(client, people, edition, household):
    client.force_login(people["volunteer_s1a"])
    for payload in ({"household": household.pk, "outcome": "proposals"},
                    {"household": household.pk, "outcome": "nobody", "proposal": _proposal()},
                    {"household": household.pk, "outcome": "maybe"}):
        answer = _send(client, {"client_id": str(uuid.uuid4()), "collector_type": "volunteer", **payload})
        assert answer.status_code == 400, payload
    assert Visit.objects.count() == 0 and Proposal.objects.count() == 0


def test_unreadable_bodies_are_refused(client, people, edition):
    client.force_login(people["volunteer_s1a"])
    for body in ("{", "[1, 2]", "\"text\"", b"\xff\xfe"):
        answer = client.post(URL, body, content_type="application/json")
        assert answer.status_code == 400 and answer.json()["errors"]
    assert Proposal.objects.count() == 0


def test_only_the_communitys_own_collectors_may_send(client, people, edition, household):
    payload = {"client_id": str(uuid.uuid4()), "collector_type": "volunteer", "channel": "booth",
               "proposal": _proposal()}
    assert _send(client, payload).status_code == 403  # not logged in
    for name in ("volunteer_s1b", "staff_s1b", "resident_s1a", "officer_s2"):
        client.force_login(people[name])
        answer = _send(client, payload)
        assert answer.status_code == 403, name
        assert answer.json()["errors"]
    assert Proposal.objects.count() == 0
    client.force_login(people["staff_s1a"])
    assert _send(client, {**payload, "collector_type": "staff"}).status_code == 201


def test_a_record_sent_to_another_community_is_refused(client, people, edition):
    payload = {"client_id": str(uuid.uuid4()), "collector_type": "volunteer", "channel": "booth",
               "proposal": _proposal()}
    client.force_login(people["volunteer_s1a"])
    assert _send(client, payload).status_code == 201
    client.force_login(people["volunteer_s1b"])
    client.cookies["django_language"] = "en"
    answer = _send(client, payload, url="/editions/pilot/proposals/s1b/sync/")
    assert answer.status_code == 400 and "another community" in answer.json()["errors"][0]
    assert Proposal.objects.count() == 1


def test_after_the_collection_stage_new_records_are_refused_and_old_ones_found(client, people, edition, advance):
    client.force_login(people["volunteer_s1a"])
    made = {"client_id": str(uuid.uuid4()), "collector_type": "volunteer", "channel": "booth",
            "proposal": _proposal()}
    first = _send(client, made)
    assert first.status_code == 201
    advance()  # screening: the phone never heard the answer and sends the record again
    again = _send(client, made)
    assert again.status_code == 200 and again.json()["receipt"] == first.json()["receipt"]
    client.cookies["django_language"] = "en"
    answer = _send(client, {**made, "client_id": str(uuid.uuid4())})
    assert answer.status_code == 400 and "collection" in " ".join(answer.json()["errors"]).lower()
    assert Proposal.objects.count() == 1


def test_the_csrf_token_is_required(people, edition):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["volunteer_s1a"])
    page = client.get("/editions/pilot/proposals/s1a/offline/")
    assert page.status_code == 200
    payload = json.dumps({"client_id": str(uuid.uuid4()), "collector_type": "volunteer",
                          "channel": "booth", "proposal": _proposal()})
    assert client.post(URL, payload, content_type="application/json").status_code == 403
    token = client.cookies["csrftoken"].value
    answer = client.post(URL, payload, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert answer.status_code == 201
    assert Proposal.objects.count() == 1


def test_two_sends_that_race_make_one_record(people, edition, tree, monkeypatch):
    """The second send did not see the first (looked before the first committed): the unique
    constraint refuses its insert and it returns the first one's record."""
    record = OfflineRecord(client_id=uuid.uuid4(), collector_type="volunteer", channel="booth",
                           proposal=ProposalInput(content="增加电动车充电桩"))
    first = offline_record_sync(edition=edition, community=tree["s1a"], record=record,
                                actor=people["volunteer_s1a"])
    real, calls = sync_module._existing, []

    def blind_once(*args):
        calls.append(args)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(sync_module, "_existing", blind_once)
    second = offline_record_sync(edition=edition, community=tree["s1a"], record=record,
                                 actor=people["volunteer_s1a"])
    assert len(calls) == 2 and second.created is False
    assert second.proposal.pk == first.proposal.pk and Proposal.objects.count() == 1


def test_a_refused_record_writes_nothing(people, edition, tree):
    record = OfflineRecord(client_id=uuid.uuid4(), collector_type="volunteer", channel="booth",
                           proposal=ProposalInput(content="x"))
    with pytest.raises(Refused):
        offline_record_sync(edition=edition, community=tree["s1a"], record=record,
                            actor=people["volunteer_s1a"])
    assert Proposal.objects.count() == 0


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sends=st.lists(st.integers(min_value=0, max_value=4), min_size=1, max_size=12))
def test_any_order_of_repeated_sends_makes_each_record_exactly_once(people, edition, tree, sends):
    ids = [uuid.uuid4() for _ in range(5)]
    before = Proposal.objects.count()
    receipts = {}
    for n in sends:
        record = OfflineRecord(client_id=ids[n], collector_type="volunteer", channel="booth",
                               proposal=ProposalInput(content=f"第{n}条提议：修路灯"))
        done = offline_record_sync(edition=edition, community=tree["s1a"], record=record,
                                   actor=people["volunteer_s1a"])
        assert done.created == (n not in receipts)
        assert receipts.setdefault(n, done.proposal.receipt_code) == done.proposal.receipt_code
    assert Proposal.objects.count() - before == len(set(sends))
    assert Proposal.objects.filter(client_id__in=[ids[n] for n in sends]).count() == len(set(sends))


def test_visits_stay_append_only_after_the_migration(people, edition, household):
    from django.db import DatabaseError, transaction

    record = OfflineRecord(client_id=uuid.uuid4(), collector_type="volunteer", household=household,
                           outcome="nobody")
    offline_record_sync(edition=edition, community=household.community, record=record,
                        actor=people["volunteer_s1a"])
    with pytest.raises(DatabaseError), transaction.atomic():
        Visit.objects.update(note="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        Visit.objects.all().delete()


def test_the_offline_page_worker_and_manifest(client, people, edition):
    client.force_login(people["volunteer_s1a"])
    page = client.get("/editions/pilot/proposals/s1a/offline/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="offline-form"' in html and "/editions/pilot/proposals/s1a/sync/" in html
    assert "<script>" not in html and " style=" not in html and " onclick=" not in html
    worker = client.get("/editions/pilot/proposals/offline-sw.js")
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert "__STATIC__" not in worker.content.decode() and '"/static/"' in worker.content.decode()
    policy = worker.get("Content-Security-Policy-Report-Only") or worker["Content-Security-Policy"]
    connect = next(d for d in policy.split(";") if d.strip().startswith("connect-src")).split()
    assert "'self'" in connect and "https://tile.openstreetmap.org" in connect  # the tiles it keeps
    manifest = client.get("/editions/pilot/proposals/s1a/offline/manifest.webmanifest").json()
    assert manifest["start_url"] == "/editions/pilot/proposals/s1a/offline/"
    assert manifest["scope"] == "/editions/pilot/proposals/" and len(manifest["icons"]) == 2
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code in (200, 404)  # static files: served by xihu serve
    client.force_login(people["staff_s1b"])
    assert client.get("/editions/pilot/proposals/s1a/offline/").status_code == 403


def test_the_collectors_own_buildings_come_first(client, people, edition, tree):
    from xihu.apps.proposals.services import building_assign

    for building in ("1栋", "9栋"):
        Household.objects.create(community=tree["s1a"], household_no=f"H-{building}", building=building)
    building_assign(edition=edition, community=tree["s1a"], building="9栋",
                    collector=people["volunteer_s1a"], actor=people["staff_s1a"])
    client.force_login(people["volunteer_s1a"])
    html = client.get("/editions/pilot/proposals/s1a/offline/").content.decode()
    assert html.index('optgroup label="9栋"') < html.index('optgroup label="1栋"')
    client.force_login(people["staff_s1a"])
    html = client.get("/editions/pilot/proposals/s1a/offline/").content.decode()
    assert html.index('optgroup label="1栋"') < html.index('optgroup label="9栋"')
