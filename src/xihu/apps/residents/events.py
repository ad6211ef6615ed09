"""From log entries to notices: each change of state of a proposal or project, once committed,
gives every live follower one notice (one INSERT for all of them), then each is sent through
the gateway. Connected in ResidentsConfig.ready()."""

import logging

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from xihu.apps.ledger import hooks
from xihu.apps.residents.followers import (
    assembly_changes,
    ballot_changes,
    implementation_changes,
    merge_changes,
    proposal_changes,
    result_changes,
    shortlist_changes,
)
from xihu.apps.residents.models import Follow, Notice

log = logging.getLogger("xihu.residents.notices")

HANDLERS = {
    "proposal.exclude": proposal_changes,
    "proposal.review": proposal_changes,
    "project.merge": merge_changes,
    "assembly.schedule": assembly_changes,
    "assembly.refresh_summary": assembly_changes,
    "ballots.draw": shortlist_changes,
    "ballots.freeze": ballot_changes,
    "results.confirm": result_changes,
    "results.implementation": implementation_changes,
}
ONCE = {"screened", "shortlisted", "on_ballot"}  # said once per follow, even if redone


def connect() -> None:
    for action in HANDLERS:
        hooks.listen(action, on_entry)


def on_entry(entry) -> int:
    """After commit: the entry's notices, inserted in one statement, then sent."""
    changes = HANDLERS[entry.action](entry)  # [(follow id, kind, values)]
    ids = {pk for pk, _kind, _values in changes}
    accounts = dict(Follow.objects.filter(pk__in=ids, ended_at__isnull=True)
                    .values_list("pk", "account_id"))
    told = set(Notice.objects.filter(follow_id__in=ids, kind__in=ONCE)
               .values_list("follow_id", "kind"))
    wanted, seen = [], set()
    for pk, kind, values in changes:
        if pk not in accounts or (pk, kind) in told or (pk, kind) in seen:
            continue
        seen.add((pk, kind))
        wanted.append(Notice(follow_id=pk, account_id=accounts[pk], kind=kind, params=values,
                             entry_uid=entry.uid))
    if not wanted:
        return 0
    with transaction.atomic():
        Notice.objects.bulk_create(wanted, ignore_conflicts=True)
    if len(wanted) <= settings.XIHU_NOTICE_SEND_INLINE_MAX:  # a few: at once, after the commit
        send_notices(list(Notice.objects.filter(entry_uid=entry.uid).select_related("account")))
    # more: left to `xihu send_notices` (cron, every minute), so the request stays quick
    return len(wanted)


def unsubscribe_token(follow_id: int) -> str:
    return signing.dumps({"f": follow_id}, salt="residents.unsubscribe", compress=True)


def follow_of_token(token: str, max_age_days: int = 3650) -> int | None:
    try:
        return int(signing.loads(token, salt="residents.unsubscribe",
                                 max_age=max_age_days * 86400)["f"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def send_notices(notices: list[Notice]) -> int:
    """Send each unsent notice through the gateway in its follower's language."""
    from xihu.apps.residents import gateway
    from xihu.apps.residents.texts import notice_text_in

    sent = []
    for notice in notices:
        if notice.sent_at is not None:
            continue
        language = notice.account.language
        link = settings.XIHU_SITE_URL + reverse("residents:unsubscribe",
                                                args=[unsubscribe_token(notice.follow_id)])
        text = notice_text_in(language, notice.kind, notice.params)
        delivery = gateway.send(gateway.Message(
            to=notice.account.phone, template="notice", language=language,
            text=f"{text} {link}", params={"text": text, "unsubscribe": link}))
        if delivery.ok:
            sent.append(notice.pk)
    if sent:
        with transaction.atomic():
            Notice.objects.filter(pk__in=sent).update(sent_at=timezone.now())
    return len(sent)
