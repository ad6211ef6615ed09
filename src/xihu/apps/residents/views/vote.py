"""Voting stays in person: where and when the resident can vote, whether they have voted (never
how), and the check of a ballot receipt."""

from django.shortcuts import render

from xihu.apps.ballots.models import BallotKind
from xihu.apps.residents.selectors import edition_for, has_voted, voting_places
from xihu.apps.residents.views.common import resident_required


@resident_required
def vote(request, account):
    edition = edition_for(account)
    places = voting_places(edition, account.community) if edition else []
    voted = has_voted(edition, account) if edition else {}
    return render(request, "residents/vote.html", {
        "account": account, "edition": edition, "places": places, "voted": voted,
        "kinds": BallotKind.choices})
