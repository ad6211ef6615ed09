"""Voting week: stations, boxes, nightly seals, registrations and cast ballots.

The contract for counting:
- `Box` belongs to a `Station` and a community.
- `Seal` rows (kind seal / reopen) record the ballots in a box at each closing and reopening.
- `Registration` is one person's one ballot of one kind in the edition (voter_key is a keyed
  hash of the identity number; unique per edition and kind).
- `CastBallot` is one ballot as cast: which `Ballot`, which box, the day only (never a time),
  the marked item numbers; its id is random so that storage order cannot link it to a
  registration. Cast ballots, seals and registrations are never updated or deleted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Station(models.Model):
    class Kind(models.TextChoices):
        FIXED = "fixed", _("polling station (office)")
        MOBILE = "mobile", _("mobile ballot box")
        STAND = "stand", _("stand in a public place")

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="stations")
    community = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="stations")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")

    def __str__(self) -> str:
        return self.name


class Box(models.Model):
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="boxes")
    community = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="boxes")
    code = models.CharField(_("box number"), max_length=20)

    class Meta:
        unique_together = [("station", "code")]
        verbose_name = _("ballot box")
        verbose_name_plural = _("ballot boxes")

    def __str__(self) -> str:
        return f"{self.station} · {self.code}"


class Seal(models.Model):
    class Kind(models.TextChoices):
        SEAL = "seal", _("sealed for the night")
        REOPEN = "reopen", _("reopened")

    box = models.ForeignKey(Box, on_delete=models.PROTECT, related_name="seals")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    at = models.DateTimeField(_("time"))
    ballots_in_box = models.PositiveIntegerField(_("ballots in the box"))
    seal_number = models.CharField(_("seal number"), max_length=40)
    intact = models.BooleanField(_("seal found intact"), null=True)
    officer_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    officer_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["box", "at", "pk"]
        verbose_name = _("seal")
        verbose_name_plural = _("seals")

    def __str__(self) -> str:
        return f"{self.box} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Registration(models.Model):
    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    ballot_kind = models.CharField(max_length=10)
    voter_key = models.CharField(max_length=64)
    community = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="registrations")
    box = models.ForeignKey(Box, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "ballot_kind", "voter_key"], name="one_ballot_per_person_and_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community} {self.ballot_kind} {self.registered_at:%Y-%m-%d}"


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
    box = models.ForeignKey(Box, on_delete=models.PROTECT, related_name="cast")
    day = models.DateField(_("day"))
    choices = models.JSONField(_("marked item numbers"), default=list)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    invalid_reason = models.CharField(_("why invalid"), max_length=20, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("cast ballot")
        verbose_name_plural = _("cast ballots")

    def __str__(self) -> str:
        return f"{self.ballot} {self.status}"
