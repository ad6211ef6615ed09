"""Counting: however many codes are asked for, no more than the limit are sent, and notices
that failed to send are sent by `send_notices` later, once."""

import tempfile

import pytest
from django.core.management import call_command
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.factories import make_tree
from tests.residents.helpers import signed_up
from xihu.apps.editions.models import Edition
from xihu.apps.proposals.models import Proposal
from xihu.apps.residents import codes
from xihu.apps.residents.models import Follow, Notice, PhoneCode
from xihu.apps.residents.phones import phone_key
from xihu.errors import Refused

_PHONES = iter(range(10_000_000, 99_999_999))
_OUTBOX = tempfile.mkdtemp(prefix="xihu-limits-")


@pytest.mark.django_db
@hsettings(max_examples=25, deadline=None)
@given(limit=st.integers(1, 4), asked=st.integers(0, 8))
def test_no_more_codes_than_the_limit_are_sent(limit, asked):
    phone = f"139{next(_PHONES)}"
    refused = 0
    with override_settings(XIHU_CODE_RATE_PHONE=f"{limit}/h", XIHU_GATEWAY={
            "BACKEND": "xihu.apps.residents.gateway.files.FileBackend", "OPTIONS": {"directory": _OUTBOX}}):
        for _ in range(asked):
            try:
                codes.code_send(phone=phone, address=None)  # the per-phone limit alone
            except Refused:
                refused += 1
    sent = PhoneCode.objects.filter(phone_key=phone_key(phone)).count()
    assert sent == min(asked, limit) and refused == asked - sent


@pytest.mark.django_db
def test_unsent_notices_are_sent_later_once(outbox):
    units = make_tree()
    account = signed_up("13900000041")
    edition = Edition.objects.create(slug="e", district=units["d"], name="e")
    proposal = Proposal.objects.create(edition=edition, community=units["s1a"], receipt_code="WXYZ-2345",
                                       title="t", content="c", channel="door", collector_type="staff")
    follow = Follow.objects.create(account=account, proposal=proposal)
    Notice.objects.create(follow=follow, account=account, kind="excluded", entry_uid="u1",
                          params={"receipt": "WXYZ-2345", "reason": "unlawful", "explanation": "违规"})
    call_command("send_notices")
    call_command("send_notices")
    sent = outbox.messages(to="13900000041")
    assert len(sent) == 1 and "违反政策法规" in sent[0]["text"]
    assert Notice.objects.get().sent_at is not None


@pytest.mark.django_db
def test_a_big_fan_out_is_written_at_once_and_sent_by_the_command(outbox, settings,
                                                                    django_capture_on_commit_callbacks):
    from tests.assemblies.helpers import build_world, set_stage
    from xihu.apps.proposals.services import proposal_exclude

    settings.XIHU_NOTICE_SEND_INLINE_MAX = 1
    world = build_world()
    proposal = Proposal.objects.create(edition=world["edition"], community=world["units"]["s1a"],
                                       receipt_code="QRST-2345", title="t", content="c",
                                       channel="door", collector_type="staff")
    for n in range(3):
        Follow.objects.create(account=signed_up(f"1390000005{n}"), proposal=proposal)
    set_stage(world["edition"], "screening")
    with django_capture_on_commit_callbacks(execute=True):
        proposal_exclude(proposal=proposal, reason="unlawful", explanation="违反了相关规定",
                         actor=world["users"]["staff_s1a"])
    assert Notice.objects.filter(sent_at__isnull=True).count() == 3 and outbox.messages() == []
    call_command("send_notices")
    assert len(outbox.messages()) == 3 and not Notice.objects.filter(sent_at__isnull=True).exists()
