"""The OpenAPI schema names every schema once (audit of issue 12: two `ItemOut` collided, so
/api/ballots/ was documented with the results' fields)."""

import importlib
import pkgutil

import pytest
from ninja import Schema

import xihu.apps

pytestmark = pytest.mark.django_db


def _api_schemas() -> list[type]:
    for module in pkgutil.walk_packages(xihu.apps.__path__, "xihu.apps."):
        if module.name.endswith(".api") or module.name.endswith(".schemas"):
            importlib.import_module(module.name)
    found, stack = [], list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("xihu."):
            found.append(cls)
    return found


def test_no_two_api_schemas_share_a_name():
    schemas = _api_schemas()
    assert len(schemas) > 10
    names = [cls.__name__ for cls in schemas]
    clashes = sorted({n for n in names if names.count(n) > 1})
    assert not clashes, [f"{c.__module__}.{c.__name__}" for c in schemas if c.__name__ in clashes]


def test_the_ballots_endpoint_is_documented_with_ballot_items(client):
    spec = client.get("/api/openapi.json").json()
    components = spec["components"]["schemas"]
    ballot = components["BallotOut"]
    item_ref = ballot["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[1]
    assert set(components[item_ref]["properties"]) == {"number", "project", "title", "amount"}
    result = components["BallotResultOut"]
    result_ref = result["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "votes" in components[result_ref]["properties"] and result_ref != item_ref
