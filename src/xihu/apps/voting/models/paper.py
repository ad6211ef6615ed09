"""Paper sheets after the close: two independent entries per sheet, an adjudication when they
differ, and the one result a sheet may ever give. All append-only."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperEntry(models.Model):
    """One operator's reading of one sheet (sheet ID from its QR code, typed or scanned)."""

    sheet_id = models.CharField(_("sheet ID"), max_length=20, db_index=True)
    ballot = models.ForeignKey("ballots.Ballot", on_delete=models.PROTECT, related_name="+")
    box = models.ForeignKey("voting.Box", on_delete=models.PROTECT, related_name="paper_entries")
    operator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(_("marked item numbers"), default=list)
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        ordering = ["sheet_id", "entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sheet_id", "operator"], name="one_entry_per_sheet_and_operator")
        ]
        verbose_name = _("paper entry")
        verbose_name_plural = _("paper entries")

    def __str__(self) -> str:
        return f"{self.sheet_id} · {self.operator}"


class Adjudication(models.Model):
    """A counter and a scrutineer together decide what a sheet says when two entries differ."""

    sheet_id = models.CharField(_("sheet ID"), max_length=20, unique=True)
    first = models.ForeignKey(PaperEntry, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(PaperEntry, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField(_("decided item numbers"), default=list)
    note = models.TextField(_("reason for the decision"))
    counter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scrutineer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("adjudication")
        verbose_name_plural = _("adjudications")

    def __str__(self) -> str:
        return self.sheet_id


class SheetResult(models.Model):
    """The one cast ballot a sheet gave (unique sheet ID: never two)."""

    class How(models.TextChoices):
        MATCHED = "matched", _("two entries matched")
        ADJUDICATED = "adjudicated", _("adjudicated")

    sheet_id = models.CharField(_("sheet ID"), max_length=20, unique=True)
    cast = models.OneToOneField("voting.CastBallot", on_delete=models.PROTECT, related_name="sheet")
    how = models.CharField(max_length=12, choices=How.choices)

    class Meta:
        verbose_name = _("paper sheet result")
        verbose_name_plural = _("paper sheet results")
        ordering = ["sheet_id"]

    def __str__(self) -> str:
        return self.sheet_id
