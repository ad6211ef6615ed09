"""Hostile input on the count pages and formulas in the export (audit of issue 12)."""

import csv
import io

import pytest
from django.urls import reverse

from tests.results.builders import make_ballot
from xihu.apps.results.export import build_export
from xihu.apps.results.models import CountSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(client, people, edition, voted):
    client.force_login(people["counter"])
    client.post(reverse("results:session_open", args=[edition.slug, "s1a"]), {"scrutineers": [people["scrutineer"].pk]})
    return CountSession.objects.get()


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("item, expected", [
    (99, "此选票上没有第 99 号项目。"),
    (10**12, "请输入整数。"),
])
def test_a_typed_total_for_an_unknown_project_gets_a_clear_message(client, session, voted, item,
                                                                    expected):
    """Audit: a typed total for item 99 gave a 404 debug page."""
    response = client.post(reverse("results:typed_total", args=[session.edition.slug, session.pk]),
                           {"ballot": voted["community"].pk, "item": item, "value": 4}, follow=True)
    assert response.status_code == 200
    assert expected in _messages(response)
    assert not session.typed_totals.exists()


def test_unknown_ballots_and_boxes_and_huge_totals_are_refused(client, session, voted):
    url = reverse("results:typed_total", args=[session.edition.slug, session.pk])
    for data in ({"ballot": 999_999, "value": 1}, {"ballot": voted["community"].pk, "box": 999_999, "value": 1},
                 {"ballot": voted["community"].pk, "value": 10**30}):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200 and _messages(response), data
    assert not session.typed_totals.exists()


def test_the_export_csv_keeps_formula_titles_as_text(tree, people, edition, voted):
    make_ballot(edition, tree["s1b"], "community", [("=HYPERLINK(\"x\")", 1000), ("@SUM(1)", 2000),
                                                    ("-1+1", 3000)], actor=people["staff"])
    files = build_export(edition)
    rows = list(csv.DictReader(io.StringIO(files["projects.csv"].decode())))
    titles = {row["title"] for row in rows}
    assert {"'=HYPERLINK(\"x\")", "'@SUM(1)", "'-1+1"} <= titles
    assert not any(t.startswith(("=", "+", "@")) for t in titles)
    amounts = [row["amount"] for row in rows]
    assert all(a.isdigit() for a in amounts), "numbers stay numbers"
