"""The evaluation page (both languages, bounded queries), its PDF (rendered, its text read back
with pdftotext) and the JSON API of the evaluation, the figures and the dashboard."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.ballots.pdf_tools import pdf_text, require_pdf_tools
from xihu.apps.results import services as results

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluated(people, edition, screened, assemblies, counted):
    results.result_confirm(ballot=counted["community"], actor=people["officer"], winners=[2, 3],
                           reason="街道认为楼道灯更急需，改选楼道灯。")
    return edition


def test_the_evaluation_page_in_chinese_and_english(client, evaluated, django_assert_max_num_queries):
    url = reverse("insights:evaluation", args=[evaluated.slug])
    assert url == f"/editions/{evaluated.slug}/evaluation/"
    with django_assert_max_num_queries(30):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    for text in ("评估报告", "一、可重复的决策程序", "二、公开、反复的协商", "三、分配权在居民手中",
                 "2条排除中有1条街道从未复核。", "第2桌7人", "改选楼道灯", "未通过", 'id="test-allocation"'):
        assert text in html, text
    assert f'href="/editions/{evaluated.slug}/evaluation/log/?type=results.confirmation' in html
    with django_assert_max_num_queries(4):  # facts from the cache, keyed by the log head
        client.get(url)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "1 of 2 exclusions were never reviewed by the street." in english
    assert "1 of 2 tables outside 8-12 residents: table 2 had 7." in english


def test_the_queries_do_not_grow_with_the_number_of_units_or_tables(client, evaluated, tree, people,
                                                                     django_assert_num_queries):
    """Counting the queries of a cold page on this district, then on one with more assemblies
    and tables: the same number."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("insights:evaluation", args=[evaluated.slug])
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    from tests.insights.conftest import ASSEMBLY_DAY, _attendees
    from xihu.apps.assemblies.models import Assembly

    more = Assembly.objects.create(edition=evaluated, unit=tree["s2b"], venue="又一场", starts_at=ASSEMBLY_DAY,
                                   tables=3, created_by=people["staff"])
    for table in (1, 2, 3):
        _attendees(more, table, 10)
    for cache in caches.all():  # the figures, the body and the page kept whole (web/pagecache.py)
        cache.clear()
    with django_assert_num_queries(len(first)):
        client.get(url)


def test_the_pdf_report_renders_with_chinese_text(client, evaluated, tmp_path):
    require_pdf_tools()
    response = client.get(reverse("insights:evaluation_pdf", args=[evaluated.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf[:5] == b"%PDF-"
    text = pdf_text(pdf, tmp_path)
    for expected in ("评估报告", "一、可重复的决策程序", "三、分配权在居民手中", "未通过", "改选楼道灯",
                     "第2桌7人", "s1a"):
        assert expected in text.replace(" ", ""), expected


def test_the_pdf_report_in_english(client, evaluated, tmp_path):
    require_pdf_tools()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = pdf_text(client.get(reverse("insights:evaluation_pdf", args=[evaluated.slug])).content, tmp_path)
    assert "Evaluation report" in text and "3. Allocation power with residents" in text
    assert "1 of 2 exclusions were never reviewed by the street." in " ".join(text.split())


def test_the_api_serves_the_evaluation_the_figures_and_the_dashboard(client, evaluated):
    data = client.get(f"/api/insights/editions/{evaluated.slug}/evaluation").json()
    assert [t["key"] for t in data["tests"]] == ["procedure", "deliberation", "allocation"]
    assert data["verdicts"]["allocation"]["units"]["s1a"]["verdict"] == "failed"
    assert data["verdicts"]["deliberation"]["units"]["s1b"]["verdict"] == "failed"
    units = {u["code"]: u for u in data["tests"][0]["units"]}
    assert units["s1a"]["verdict"] != "passed"
    assert any(link["kind"] == "log" for f in units["s1a"]["findings"] for link in f["links"])
    figures = client.get(f"/api/insights/editions/{evaluated.slug}/analytics").json()["figures"]
    assert {p["key"]: p["value"] for p in figures["channel"]} == {"door": 5, "booth": 0, "online": 0}
    board = client.get(f"/api/insights/editions/{evaluated.slug}/dashboard").json()
    assert [s["key"] for s in board["sections"]] == ["counts", "seals", "bursts", "screening", "merges", "turnout"]
    assert client.get("/api/insights/editions/no-such/evaluation").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/insights/editions/{slug}/evaluation" in schema["paths"]
