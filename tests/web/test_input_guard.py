"""The request guard's safety net: a value of the wrong kind that reaches a model field, or one the
database refuses, is a 400 with a message, never a 500 (found by the form fuzzer: a text where the
role-removal form expects an id)."""

import pytest

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_text_where_an_id_is_expected_is_a_400(client, tree, admin):
    make_user("counter", tree["s1a"], "cnt1")
    client.force_login(admin)
    for value in ("", "abc", "1.5", "9" * 30):
        response = client.post("/manage/people/cnt1/remove/", {"assignment": value, "confirm": "yes"})
        assert response.status_code in (400, 404), value
        if response.status_code == 400:
            assert "类型不符合要求" in response.content.decode()


def test_json_bodies_are_checked_too(client):
    response = client.post("/api/units", data='{"name": "a\\u0000b"}', content_type="application/json")
    assert response.status_code == 400 and "控制字符" in response.json()["detail"]
