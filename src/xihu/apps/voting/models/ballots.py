"""Ballots as cast: no voter, no officer, no time finer than the day, a random id; electronic
ballots wait sealed in an envelope until their box is sealed; receipts stand apart.

Secrecy against whoever reads the database (docs/voting.md, "Ballot secrecy"): a CastBallot row
of an electronic ballot is written only when its box is sealed, together with every other ballot
of that box since its last reopening, in random order and in one transaction. Until then the
ballot exists only as a BallotEnvelope: encrypted with the platform's ballot key, padded to one
size, keyed by a random id. A BallotReceipt names its box and sealing period, never its ballot.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class CastBallot(models.Model):
    class Status(models.TextChoices):
        VALID = "valid", _("valid")
        BLANK = "blank", _("blank")
        INVALID = "invalid", _("invalid")

    class Source(models.TextChoices):
        PAPER = "paper", _("paper, double entry")
        ELECTRONIC = "electronic", _("electronic, at a station")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey("ballots.Ballot", on_delete=models.PROTECT, related_name="cast")
    box = models.ForeignKey("voting.Box", on_delete=models.PROTECT, related_name="cast")
    day = models.DateField(_("day"))
    choices = models.JSONField(_("marked item numbers"), default=list)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    invalid_reason = models.CharField(_("why invalid"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("cast ballot")
        verbose_name_plural = _("cast ballots")

    def __str__(self) -> str:
        return f"{self.ballot} {self.status}"


class BallotEnvelope(models.Model):
    """One electronic voter's ballots, waiting in their box until it is sealed: AES-GCM under
    the ballot key (xihu.apps.voting.envelopes), bound to the box, padded to a fixed size. The
    seal opens and deletes every envelope of its box; nothing else reads them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey("voting.Box", on_delete=models.PROTECT, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("sealed ballot envelope")
        verbose_name_plural = _("sealed ballot envelopes")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"envelope {self.id}"


class BallotReceipt(models.Model):
    """The hash of one receipt code handed to an electronic voter: its box and the sealing
    period it belongs to (the box's last reopening then; None before the box's first seal), so
    the seal ending that period commits to it in the log. It names no ballot and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey("voting.Box", on_delete=models.PROTECT, related_name="receipts")
    period = models.ForeignKey("voting.Seal", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    receipt_hash = models.CharField(_("receipt hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["receipt_hash"]
        verbose_name = _("ballot receipt")
        verbose_name_plural = _("ballot receipts")

    def __str__(self) -> str:
        return self.receipt_hash[:12]


class SpentToken(models.Model):
    """A tablet token already used: its nonce's hash only, so a token votes once. It names
    neither the registration that issued it nor the ballot it produced."""

    nonce_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("used tablet token")
        verbose_name_plural = _("used tablet tokens")
        ordering = ["nonce_hash"]

    def __str__(self) -> str:
        return self.nonce_hash[:12]
