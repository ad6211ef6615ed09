"""Implementation tracking of funded projects: an append-only log of updates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImplementationUpdate(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        IN_PROGRESS = "in_progress", _("under way")
        DONE = "done", _("completed")
        SUSPENDED = "suspended", _("suspended")

    item = models.ForeignKey("ballots.BallotItem", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    milestone = models.CharField(_("milestone reached"), max_length=120, blank=True)
    spent = models.PositiveBigIntegerField(_("spent so far (yuan)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    photo = models.FileField(_("photo"), upload_to="implementation/%Y/%m/", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "at", "pk"]
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.status}"
