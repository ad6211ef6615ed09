"""The summary table (项目征集汇总表): its planned length, and its reports to the street."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_TABLES = 5


class SummaryPlan(models.Model):
    """How many round tables the unit's assembly plans, and 10 or 11 projects per table.

    Contract for assemblies: `planned_tables` is the default table count of the assembly."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    planned_tables = models.PositiveSmallIntegerField(
        _("round tables planned"), default=DEFAULT_TABLES,
        validators=[MinValueValidator(1), MaxValueValidator(50)])
    per_table = models.PositiveSmallIntegerField(
        _("projects per table"), default=10, choices=[(10, "10"), (11, "11")])

    class Meta:
        verbose_name = _("summary table plan")
        verbose_name_plural = _("summary table plans")
        unique_together = [("edition", "unit")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.planned_tables} x {self.per_table}"

    @property
    def target(self) -> int:
        return self.planned_tables * self.per_table


class SummaryReport(models.Model):
    """The summary table as reported to the street (append-only; a new report supersedes)."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    projects = models.PositiveIntegerField(_("projects"))
    target = models.PositiveIntegerField(_("target"))
    digest = models.CharField(_("digest"), max_length=64)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("summary table report")
        verbose_name_plural = _("summary table reports")
        ordering = ["reported_at", "pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.reported_at:%Y-%m-%d %H:%M}"
