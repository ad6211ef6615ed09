"""Schemathesis against /api/openapi.json (CI gate of issue 12): every operation, with data
generated from the schema, as two identities of different units and anonymously: no server error
and no response outside its documented schema. The app is called in-process (WSGI) on the test
database, with an edition counted and confirmed so the answers hold real data."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import Client
from hypothesis import HealthCheck, given, settings

from tests.factories import make_user
from xihu.apps.results import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def identities(tree, people, counted):
    services.result_confirm(ballot=counted["community"], actor=people["officer"])
    cookies = {"anonymous": ""}
    for name, unit in (("staff_s1a", "s1a"), ("staff_s2b", "s2b")):
        user = make_user("community_staff", tree[unit], f"fuzz_{name}")
        client = Client()
        client.force_login(user)
        cookies[name] = f"sessionid={client.cookies['sessionid'].value}"
    return cookies


@pytest.fixture
def in_process():
    """The app runs in this test's transaction: like Django's test client, keep the request
    signals from closing the connection (on PostgreSQL that would end the transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance]


def test_the_api_answers_within_its_schema(identities, in_process):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def exercise(case):
            for cookie in identities.values():
                response = case.call(headers={"Cookie": cookie} if cookie else {})
                case.validate_response(response, checks=CHECKS)

        exercise()
