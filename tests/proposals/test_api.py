"""The JSON API: public reads, never the proposer's name or contact."""

from xihu.apps.proposals.models import Proposal


def test_receipt_summary_project_and_figures(client, edition, make_proposals):
    make_proposals("s1a", 3)
    proposal = Proposal.objects.first()
    data = client.get(f"/api/proposals/receipts/{proposal.receipt_code}").json()
    assert data["status"] == "listed" and data["history"]
    assert client.get("/api/proposals/receipts/ZZZZ-ZZZZ").status_code == 404
    summary = client.get("/api/proposals/units/s1a/summary").json()
    assert summary["projects"] == 3 and summary["target"] == 50 and summary["reported_at"] is None
    project = client.get(f"/api/proposals/projects/{summary['rows'][0]['id']}").json()
    assert project["sources"][0]["receipt_code"] == summary["rows"][0]["sources"][0]
    figures = client.get("/api/proposals/units/s1/figures").json()
    assert figures["total"] == 3
    everything = str(data) + str(summary) + str(project) + str(figures)
    assert "13800000000" not in everything and "张三" not in everything
