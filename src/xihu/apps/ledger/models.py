"""The append-only, hash-chained public record. The database refuses UPDATE and DELETE."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LedgerEntry(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64, unique=True)
    recorded_at = models.CharField(_("recorded at (UTC, ISO 8601)"), max_length=32)
    actor = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(_("object type"), max_length=80)
    object_id = models.CharField(_("object id"), max_length=80)
    payload = models.JSONField(_("payload"))
    payload_digest = models.CharField(_("payload digest"), max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"
