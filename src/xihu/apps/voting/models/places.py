"""Where voting happens: stations, their boxes and nightly seals, officer shifts, and the
turnout target a street may set."""

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
    """A box closed for the night (kind seal) or opened again (kind reopen). Append-only.

    ballots_in_box = electronic_in_box (counted by the platform) + paper_in_box (declared by
    the two officers after counting the sheets)."""

    class Kind(models.TextChoices):
        SEAL = "seal", _("sealed for the night")
        REOPEN = "reopen", _("reopened")

    box = models.ForeignKey(Box, on_delete=models.PROTECT, related_name="seals")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    at = models.DateTimeField(_("time"))
    ballots_in_box = models.PositiveIntegerField(_("ballots in the box"))
    electronic_in_box = models.PositiveIntegerField(_("electronic ballots (counted by the platform)"),
                                                    default=0)
    paper_in_box = models.PositiveIntegerField(_("paper sheets (counted by the officers)"), default=0)
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


class Shift(models.Model):
    """An officer on duty at a station on one day."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="shifts")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["day", "starts", "pk"]
        unique_together = [("station", "officer", "day")]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")

    def __str__(self) -> str:
        return f"{self.station} {self.day} {self.officer}"


class TurnoutTarget(models.Model):
    """A turnout a street announced it aims for (Nanpu set one; Guangrunmen did not)."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(_("target turnout (%)"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    class Meta:
        unique_together = [("edition", "unit")]
        verbose_name = _("turnout target")
        verbose_name_plural = _("turnout targets")

    def __str__(self) -> str:
        return f"{self.unit}: {self.percent}%"
