"""Hostile input on the proposal paths (audit of issue 12), refused with a clear message on SQLite
and PostgreSQL alike: NUL and overlong values in the register and proposal imports, names that a
spreadsheet runs as formulas, the 100,000-character proposal, formula cells in the summary XLSX,
and NUL in the receipt look-ups of the pages and the API."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from xihu.apps.proposals.importing import parse_proposals
from xihu.apps.proposals.models import Household, Proposal, RegisteredResident
from xihu.apps.proposals.services import proposal_submit, register_import
from xihu.apps.proposals.services.collection import ProposalInput
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
HEADER = "户号,楼栋,单元,门牌,姓名,出生日期,身份证号\n"


def register(tree, people, edition, body: str):
    return register_import(community=tree["s1a"], edition=edition, data=(HEADER + body).encode(),
                           filename="r.csv", actor=people["staff_s1a"])


def refusal_text(call) -> str:
    with pytest.raises(Refused) as refused:
        call()
    return " | ".join(refused.value.reasons)


def test_register_import_refuses_nul(tree, people, edition):
    text = refusal_text(lambda: register(tree, people, edition, "H1,3栋,1,101,王\x00芳,1980-05-17,\n"))
    assert "第2行" in text and "控制字符" in text
    assert not Household.objects.exists()


def test_register_import_enforces_the_lengths(tree, people, edition):
    """Audit: a 200-character name or a 300-character household number was a 500 on PostgreSQL
    (SQLite stored them silently)."""
    text = refusal_text(lambda: register(tree, people, edition,
                                         f"H1,3栋,1,101,{'王' * 200},1980-05-17,\n"
                                         f"{'9' * 300},3栋,1,102,李娜,1980-05-17,\n"))
    assert "第2行" in text and "姓名" in text and "60" in text
    assert "第3行" in text and "户号" in text and "40" in text
    assert not RegisteredResident.objects.exists()


@pytest.mark.parametrize("name", ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "-cmd"])
def test_register_import_refuses_formula_names(tree, people, edition, name):
    cell = '"' + name.replace('"', '""') + '"'
    text = refusal_text(lambda: register(tree, people, edition, f"H1,3栋,1,101,{cell},1980-05-17,\n"))
    assert "第2行" in text and "公式" in text
    assert not RegisteredResident.objects.exists()


def test_proposal_import_refuses_overlong_content(tree, people, edition):
    """Audit: imports skipped the forms' limits (100,000-character content accepted)."""
    data = ("内容,地点,联系方式\n"
            f"{'路' * 100_000},3栋,\n"
            f"修路面坑洼,{'地' * 201},{'1' * 81}\n").encode()
    text = refusal_text(lambda: parse_proposals(data, "p.csv"))
    assert "第2行" in text and "2000" in text
    assert "第3行" in text and "200" in text and "80" in text
    assert not Proposal.objects.exists()


def test_proposal_import_refuses_nul(tree, people, edition):
    text = refusal_text(lambda: parse_proposals("内容,地点\n修路面坑洼,3\x00栋\n".encode(), "p.csv"))
    assert "第2行" in text and "地点" in text and "控制字符" in text


def test_every_path_to_a_proposal_checks_the_lengths(tree, people, edition):
    data = ProposalInput(content="路" * 2001, proposer_contact="1" * 81)
    text = refusal_text(lambda: proposal_submit(edition=edition, community=tree["s1a"], data=data,
                                                channel="online", actor=None))
    assert "2000" in text and "80" in text


def test_summary_xlsx_keeps_formula_titles_as_text(client, tree, people, edition):
    for title in ("=1+2", "+SUM(1,2)", "@cmd", "-1+1", "普通标题"):
        proposal_submit(edition=edition, community=tree["s1a"], channel="online", actor=None,
                        data=ProposalInput(content=f"内容足够长 {title}", title=title))
    client.force_login(people["staff_s1a"])
    response = client.get(reverse("proposals:summary_xlsx", args=[edition.slug, "s1a"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for title in ("=1+2", "+SUM(1,2)", "@cmd", "-1+1"):
        assert cells[title].data_type == "s" and cells[title].quotePrefix, title
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("url", [
    "/proposals/receipt/?code=AB%00CD",
    "/ledger/?hash=%00",
    "/api/proposals/receipts/AB%00CD",
    "/proposals/receipt/?code=" + "A" * 5000,
])
def test_nul_and_overlong_queries_get_a_400_with_a_message(client, edition, url):
    """Audit: these were 500s on PostgreSQL."""
    response = client.get(url)
    assert response.status_code == 400
    body = response.content.decode()
    assert "控制字符" in body or "过长" in body


def test_the_api_answers_json(client, edition):
    response = client.get("/api/proposals/receipts/AB%00CD")
    assert response.status_code == 400 and "控制字符" in response.json()["detail"]


def test_a_form_value_with_nul_is_refused_before_the_view(client, tree, edition):
    response = client.post(reverse("proposals:propose", args=[edition.slug, "s1a"]),
                           {"content": "修路\x00面坑洼", "category": "other", "level": "community"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()
    assert not Proposal.objects.exists()


def test_line_breaks_in_text_areas_are_fine(client, tree, edition):
    response = client.post(reverse("proposals:propose", args=[edition.slug, "s1a"]),
                           {"content": "修路面坑洼\r\n第二行\t说明", "category": "other",
                            "level": "community"})
    assert response.status_code == 302 and Proposal.objects.count() == 1
