"""The edition cannot move past screening while the street has one exclusion left to review."""

import pytest

from xihu.apps.editions import services as editions
from xihu.apps.proposals import services
from xihu.apps.proposals.selectors.exclusions import exclusions_by_community, unreviewed_exclusions
from xihu.errors import Refused

pytestmark = pytest.mark.django_db


def test_an_unreviewed_exclusion_holds_the_edition_in_screening(edition, tree, people, make_proposals,
                                                                 advance):
    from django.utils import translation

    a = make_proposals("s1a", 3)
    b = make_proposals("s2a", 2)
    advance()
    staff_a, staff_b = people["staff_s1a"], people["staff_s2a"]
    first = services.proposal_exclude(proposal=a[0], reason="other_party", explanation="物业负责", actor=staff_a)
    second = services.proposal_exclude(proposal=a[1], reason="infeasible", explanation="无法施工", actor=staff_a)
    third = services.proposal_exclude(proposal=b[0], reason="not_public", explanation="只涉及一户", actor=staff_b)
    for code in ("s1a", "s2a"):
        services.summary_report(edition=edition, unit=tree[code], actor=people[f"staff_{code}"])
    services.exclusion_review(exclusion=first, confirm=True, actor=people["officer_s1"])
    assert exclusions_by_community(edition) == {tree["s1a"].pk: (2, 1), tree["s2a"].pk: (1, 1)}
    with translation.override("en"), pytest.raises(Refused) as refused:
        editions.edition_advance(edition=edition, actor=people["admin"])
    assert refused.value.reasons == [
        "s1a has 1 exclusions the street has not reviewed yet.",
        "s2a has 1 exclusions the street has not reviewed yet.",
    ]
    assert edition.stage == "screening"
    services.exclusion_review(exclusion=second, confirm=True, actor=people["officer_s1"])
    services.exclusion_review(exclusion=third, confirm=False, explanation="可以由微实事解决",
                              actor=people["officer_s2"])
    # the reinstated proposal is excluded again: a fresh exclusion, waiting for its own review
    again = services.proposal_exclude(proposal=b[0], reason="capacity", explanation="超出能力", actor=staff_b)
    assert list(unreviewed_exclusions(edition)) == [again]
    with pytest.raises(Refused):
        editions.edition_advance(edition=edition, actor=people["admin"])
    services.exclusion_review(exclusion=again, confirm=True, actor=people["officer_s2"])
    services.summary_report(edition=edition, unit=tree["s2a"], actor=staff_b)
    editions.edition_advance(edition=edition, actor=people["admin"])
    assert edition.stage == "assembly"
    assert exclusions_by_community(edition) == {tree["s1a"].pk: (2, 0), tree["s2a"].pk: (2, 0)}
