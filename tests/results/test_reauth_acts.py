"""Irreversible acts ask for the password again when it was given more than 15 minutes ago:
advancing a stage, freezing a ballot, closing a count session, revoking a power, confirming
winners. Nothing changes until the officer confirms; a GET is never held up."""

import time

import pytest
from django.urls import reverse

from xihu.apps.accounts.reauth import SESSION_KEY
from xihu.apps.editions.models import PowerGrant
from xihu.apps.results import services
from xihu.apps.results.models import CountSession

pytestmark = pytest.mark.django_db


def stale(client, user) -> None:
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 16 * 60
    session.save()


def held(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("accounts:reauth"))


def test_each_irreversible_act_waits_for_the_password(client, tree, people, edition, voted):
    session = services.count_session_open(edition=edition, community=tree["s1a"],
                                          counters=[people["counter"]],
                                          scrutineers=[people["scrutineer"]], actor=people["counter"])
    for box in (voted["a1"], voted["m1"]):
        services.box_sign_off(session=session, box=box, actor=people["scrutineer"])
    acts = [
        (people["admin"], reverse("web:advance", args=[edition.slug]), {"confirm": "yes"}),
        (people["admin"], reverse("web:power_change", args=[edition.slug]),
         {"unit": "s1", "grant": PowerGrant.objects.filter(grantee=tree["s1"]).first().pk,
          "confirm": "yes"}),
        (people["officer"], reverse("ballots:street", args=[edition.slug, "s1"]),
         {"do": "freeze", "ballot": voted["street"].pk, "confirm": "yes"}),
        (people["officer"], reverse("ballots:freeze", args=[edition.slug, voted["street"].pk]),
         {"confirm": "yes"}),
        (people["scrutineer"], reverse("results:close", args=[edition.slug, session.pk]),
         {"confirm": "yes"}),
        (people["officer"], reverse("results:confirm_ballot", args=[edition.slug, voted["community"].pk]),
         {"winners": [1, 2]}),
    ]
    for user, url, data in acts:
        stale(client, user)
        assert held(client.post(url, data, HTTP_REFERER="http://testserver/")), url
    assert not hasattr(CountSession.objects.get(pk=session.pk), "close")
    assert PowerGrant.objects.filter(grantee=tree["s1"], revoked_at__isnull=True).count() == \
        PowerGrant.objects.filter(grantee=tree["s1"]).count()
    stale(client, people["officer"])
    assert client.get(reverse("ballots:street", args=[edition.slug, "s1"])).status_code == 200, "GET goes through"
    other = client.post(reverse("ballots:street", args=[edition.slug, "s1"]), {"do": "quota"})
    assert not held(other), "other actions of the same page are not held"
