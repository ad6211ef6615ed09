"""Ballots as cast: no voter, no officer, no time finer than the day, a random id."""

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
    receipt_hash = models.CharField(_("receipt hash"), max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("cast ballot")
        verbose_name_plural = _("cast ballots")

    def __str__(self) -> str:
        return f"{self.ballot} {self.status}"


class SpentToken(models.Model):
    """A tablet token already used: its nonce's hash only, so a token votes once. It names
    neither the registration that issued it nor the ballot it produced."""

    nonce_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["nonce_hash"]

    def __str__(self) -> str:
        return self.nonce_hash[:12]
