"""Ballots: the frozen list of projects and amounts that voters choose from.

The contract for voting and counting: a `Ballot` (one per unit and kind in an edition) lists
`BallotItem`s numbered 1..n, each a snapshot of a project's title and amount. Once frozen
(frozen_at set, fingerprint recorded in the ledger) neither the ballot nor its items change.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BallotKind(models.TextChoices):
    COMMUNITY = "community", _("community ballot")
    STREET = "street", _("street ballot")


class Ballot(models.Model):
    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="ballots")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="ballots")
    kind = models.CharField(_("kind"), max_length=10, choices=BallotKind.choices)
    max_choices = models.PositiveSmallIntegerField(_("most choices"))
    budget = models.PositiveBigIntegerField(_("budget (yuan)"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("edition", "unit", "kind")]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()}"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class BallotItem(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField(_("number on the ballot"))
    project = models.ForeignKey("proposals.Project", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    amount = models.PositiveBigIntegerField(_("amount (yuan)"))

    class Meta:
        verbose_name = _("ballot item")
        verbose_name_plural = _("ballot items")
        ordering = ["ballot", "number"]
        unique_together = [("ballot", "number"), ("ballot", "project")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Quota(models.Model):
    """A project's budget amount (预算配额) set by the street with expert advice. Append-only:
    a change is a new row; the latest row per project is in force."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey("proposals.Project", on_delete=models.PROTECT, related_name="quotas")
    amount = models.PositiveBigIntegerField(_("amount (yuan)"))
    note = models.CharField(_("cost note"), max_length=300)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "-set_at", "-pk"]
        verbose_name = _("budget quota")
        verbose_name_plural = _("budget quotas")

    def __str__(self) -> str:
        return f"{self.project}: {self.amount}"


class PrintRun(models.Model):
    """Sheets printed for a frozen ballot: serials first_serial .. first_serial + count - 1.
    Append-only, so every sheet ID ever printed is known to data entry."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="print_runs")
    first_serial = models.PositiveIntegerField()
    count = models.PositiveIntegerField()
    printed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    printed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("print run")
        verbose_name_plural = _("print runs")
        ordering = ["ballot", "first_serial"]

    def __str__(self) -> str:
        return f"{self.ballot}: {self.first_serial}-{self.last_serial}"

    @property
    def last_serial(self) -> int:
        return self.first_serial + self.count - 1
