"""A tie note says only what the tie decided (issue 14.6): "the tie-break took 2; 1 not
selected" when it kept a project out, and that it changed nothing when every tied project was
funded."""

import pytest
from django.urls import reverse

from tests.results.builders import cast, make_box, register, seal
from xihu.apps.editions.models import Edition
from xihu.apps.results import services
from xihu.apps.results.models import SelectionResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def tied(tree, people, edition, voted):
    """One more box: a paper for community project 2 (now 6 votes, as project 1) and one for street
    project 3 (now 6, as street project 2). Lower cost first; the count closed."""
    Edition.objects.filter(pk=edition.pk).update(tie_break="lower_cost")
    edition.refresh_from_db()
    stand = make_box(edition, tree["s1a"], "公园摆点", "S1", kind="stand")
    cast(voted["community"], stand, [2])
    cast(voted["street"], stand, [3])
    seal(stand, 2, people["staff"], people["counter"])
    register(edition, "community", stand, people["staff"])
    register(edition, "street", stand, people["staff"])
    session = services.count_session_open(edition=edition, community=tree["s1a"], counters=[people["counter"]],
                                          scrutineers=[people["scrutineer"]], actor=people["counter"])
    for box in (voted["a1"], voted["m1"], stand):
        services.box_sign_off(session=session, box=box, actor=people["scrutineer"])
    services.session_close(session=session, actor=people["scrutineer"])
    return voted


def test_the_tie_note_says_what_the_tie_decided(client, tied):
    from django.conf import settings
    community = SelectionResult.objects.get(ballot=tied["community"])
    street = SelectionResult.objects.get(ballot=tied["street"])
    # community: 1 and 2 tied at 6 votes; 2 (150,000) first, then 1 (200,000) does not fit
    assert community.winners == [2, 3] and community.allocation["ties"][0]["chosen"] == "2"
    # street: 2 and 3 tied at 6; 3 (350,000) first, then 2 (500,000) fits as well
    assert street.winners == [3, 2] and sorted(street.allocation["ties"][0]["candidates"]) == ["2", "3"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = "".join(client.get(reverse("results:unit", args=["pilot", unit])).content.decode()
                   for unit in ("s1a", "s1"))
    notes = [line.strip() for line in page.split('<p class="hint tie-note">')[1:]]
    notes = [n[:n.index("</p>")] for n in notes]
    assert sorted(notes) == sorted([
        "Tie between projects 1, 2: the tie-break took 2; 1 not selected.",
        "Projects 2, 3 were tied; all of them were selected, so the tie-break changed nothing.",
    ]), notes
    assert "taken by the tie-break" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    zh = "".join(client.get(reverse("results:unit", args=["pilot", unit])).content.decode()
                 for unit in ("s1a", "s1"))
    assert "项目 1, 2 平票：按平票规则选中 2；1 未入选。" in zh
    assert "项目 2, 3 平票，但都已入选：平票规则没有改变结果。" in zh
